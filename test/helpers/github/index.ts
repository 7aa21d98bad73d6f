/** Test helpers for a stateful fake GitHub (REST + `updateRefs` GraphQL) and its webhooks. See README.md. */
export { FakeGitHub, startFakeGitHub, type FakeGitHubOptions } from './fake-github.js';
export type { Hold } from './holds.js';
export type { AddInstallationSpec, CreateRepoSpec, FileSpec, PushCommitSpec, PushResult, RepoInfo } from './seed.js';
export { DEFAULT_PERMISSIONS } from './seed.js';
export type { CheckRunView, CommentView, CommitView, LabelView, PullView } from './inspect.js';
export type { LoggedRequest } from './request-log.js';
export type { MergeMethod } from './pull-ops.js';
export type { CheckAnnotationState, Permissions, PermissionLevel } from './state.js';
export { ZERO_SHA, EMPTY_TREE_SHA, blobSha } from './git-objects.js';
export {
  deliverWebhook,
  installationCreated,
  installationRepositoriesAdded,
  pullRequest,
  push,
  signWebhook,
  type PullRequestAction,
  type WebhookDelivery,
  type WebhookName,
} from './webhook.js';
