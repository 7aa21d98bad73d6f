import type { PlannedUpdate } from '../plan/plan.js';
import type { NotesOf } from '../pr/what-changed.js';
import { updateIdentity } from './decide.js';
import { toProposed } from './proposals.js';

/**
 * What the PR body says about each change of a group (issue 12), looked up by the proposed
 * update it renders, and whether any change re-points an immutable-looking tag (the App labels
 * such a PR `pinbot:tag-moved`). Pure.
 */
export function changeNotes(planned: readonly PlannedUpdate[]): { readonly notesOf: NotesOf; readonly tagMoved: boolean } {
  const notes = new Map(
    planned.map((update) => [
      updateIdentity(toProposed(update)),
      {
        ...(update.explanation ? { explanation: update.explanation } : {}),
        ...(update.settle ? { settle: update.settle } : {}),
      },
    ]),
  );
  return {
    notesOf: (update) => notes.get(updateIdentity(update)),
    tagMoved: planned.some((update) => (update.explanation?.details.warnings?.length ?? 0) > 0),
  };
}
