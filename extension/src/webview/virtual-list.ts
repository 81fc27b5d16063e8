/// <reference lib="dom" />
// A list that puts in the DOM only the rows in sight (plus a few), each of a fixed height, so that a
// history of 50,000 events scrolls as smoothly as one of 50. Runs in the webview; row contents are
// filled by the caller with textContent (never HTML).

const OVERSCAN = 8;

export interface VirtualListOptions {
  rowHeight: number;
  /** Fills a pooled row element for row `index` (it may have shown another row before). */
  renderRow(el: HTMLElement, index: number): void;
  /** A row was clicked or chosen with the keyboard. */
  onSelect(index: number): void;
}

export class VirtualList {
  private count = 0;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private selected = -1;

  constructor(
    readonly viewport: HTMLElement,
    private readonly options: VirtualListOptions,
  ) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    viewport.appendChild(this.spacer);
    viewport.addEventListener('scroll', () => this.paint());
    viewport.addEventListener('click', (ev) => {
      const row = (ev.target as HTMLElement).closest<HTMLElement>('.row');
      if (row?.dataset.index) this.options.onSelect(Number(row.dataset.index));
    });
    viewport.addEventListener('keydown', (ev) => this.onKey(ev));
    new ResizeObserver(() => this.paint()).observe(viewport);
  }

  get rowCount(): number {
    return this.count;
  }

  /** New number of rows; keeps the view at the bottom if it was there (a live history grows downwards). */
  setCount(count: number, options: { followTail?: boolean } = {}): void {
    const atBottom = this.isAtBottom();
    this.count = count;
    this.spacer.style.height = `${count * this.options.rowHeight}px`;
    if (options.followTail && atBottom) this.viewport.scrollTop = this.viewport.scrollHeight;
    this.paint();
  }

  setSelected(index: number, reveal = false): void {
    this.selected = index;
    if (reveal && index >= 0) this.reveal(index);
    this.paint();
  }

  scrollToTop(): void {
    this.viewport.scrollTop = 0;
  }

  /** Scrolls so that row `index` is in sight. */
  reveal(index: number): void {
    const h = this.options.rowHeight;
    const top = index * h;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + h > this.viewport.scrollTop + this.viewport.clientHeight) this.viewport.scrollTop = top + h - this.viewport.clientHeight;
  }

  /** Draws the rows in sight; returns how many are in the DOM. */
  paint(): number {
    const h = this.options.rowHeight;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / h) - OVERSCAN);
    const last = Math.min(this.count, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / h) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const el = document.createElement('div');
      el.className = 'row';
      this.spacer.appendChild(el);
      this.pool.push(el);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const el = this.pool[i]!;
      const index = first + i;
      if (i >= needed) {
        el.hidden = true;
        continue;
      }
      el.hidden = false;
      el.dataset.index = String(index);
      el.style.transform = `translateY(${index * h}px)`;
      el.classList.toggle('selected', index === this.selected);
      this.options.renderRow(el, index);
    }
    return needed;
  }

  private isAtBottom(): boolean {
    const v = this.viewport;
    return v.scrollTop + v.clientHeight >= v.scrollHeight - this.options.rowHeight;
  }

  private onKey(ev: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.options.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
    };
    const move = moves[ev.key];
    if (move === undefined || this.count === 0) return;
    ev.preventDefault();
    const next = Math.min(this.count - 1, Math.max(0, (this.selected < 0 ? 0 : this.selected) + move));
    this.reveal(next);
    this.options.onSelect(next);
  }
}
