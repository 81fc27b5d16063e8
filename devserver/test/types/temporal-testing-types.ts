// The hand-written types of `@rewind/devserver/temporal-testing` agree with its source, both ways (tsc
// checks this file with the rest of the repository).
import type { rewindTemporalServer as declared } from '../../temporal-testing';
import type { rewindTemporalServer as built } from '../../src/temporal-executable';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const declaredAsBuilt: Same<typeof declared, typeof built> = true;
