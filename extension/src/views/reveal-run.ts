// Shows a run in the Workflows tree, selected (after Start Workflow or Reset): added first if no push
// brought it yet, and retried while the tree refreshes under the reveal.
import type * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { TreeNode, WorkflowsTree } from './workflows-tree';

/** How long a failed reveal waits before the next try: past the tree's refresh debounce. */
const RETRY_MS = 250;

export function revealRun(tree: WorkflowsTree, treeView: vscode.TreeView<TreeNode>): (run: WorkflowExecutionInfo) => Promise<void> {
  return async (run) => {
    // Only if no push brought the run yet: applying refreshes the tree, and a refresh while VS Code
    // resolves the node's parents fails the reveal ("Cannot resolve tree item"); pushes can, so retry.
    if (!tree.model.get(run.runId)) tree.apply({ executions: [run], deletedRunIds: [] });
    for (let attempt = 1; ; attempt++) {
      const node = tree.nodeOf(run.runId);
      if (!node) return;
      try {
        await treeView.reveal(node, { select: true, focus: false });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };
}
