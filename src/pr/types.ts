/**
 * The shapes the GitHub App passes between planning, PR content and the GitHub edge. Kept in
 * one file (and exactly as in the design) because three modules written in parallel share them.
 */

/** One digest change the app proposes, as recorded in a PR; in the pinning PR (issue 10), one pin. */
export interface ProposedUpdate {
  readonly file: string; // repo-relative path, '/' separators
  readonly line: number;
  readonly image: string; // canonical name, e.g. docker.io/library/node
  readonly displayName: string; // user's spelling without tag/digest, e.g. node
  readonly tag: string;
  readonly from: string | null; // old digest sha256:…; null in the pinning PR (the reference had none)
  readonly to: string; // new digest
  readonly platform: string | null;
}
/** What the hidden marker in an app PR body records (JSON, versioned). */
export interface PrMarker {
  readonly version: 1;
  readonly branch: string;
  readonly baseSha: string; // base-branch commit the branch was built on
  readonly headSha: string; // the commit the app last wrote on the branch
  readonly updates: readonly ProposedUpdate[];
  readonly omittedWorkflowFiles: readonly string[]; // left out for lack of the workflows permission
  readonly humanCommitNotified: string | null; // branch head sha we already commented about, else null
}
export interface UpdateGroup {
  readonly branch: string; // e.g. pinbot/digests or pinbot/node-22-slim
  readonly key: string; // 'all' or '<image>:<tag>'
  readonly updates: readonly ProposedUpdate[];
}
