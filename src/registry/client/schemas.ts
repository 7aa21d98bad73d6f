/**
 * The JSON documents the registry client reads, one zod schema each with the spec section it
 * follows. Lenient where the specs are (unknown fields are ignored, optional fields may be
 * absent or malformed and then count as absent); strict where pinbot relies on a value.
 */
import { z } from 'zod';

/** Header-safe token characters: a token goes verbatim into `Authorization`. */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

/** A field that is used only when it has the expected form, and is otherwise treated as absent. */
const optionalString = z.string().optional().catch(undefined);

/**
 * A token server's answer: `token` (or OAuth's `access_token`), `expires_in` in seconds.
 * Docker token spec, "Token Response Fields":
 * https://distribution.github.io/distribution/spec/auth/token/#token-response-fields
 * and the OAuth2 flow's answer:
 * https://distribution.github.io/distribution/spec/auth/oauth/#getting-a-token
 */
export const TokenResponse = z
  .object({
    token: optionalString,
    access_token: optionalString,
    expires_in: z.number().positive().finite().optional().catch(undefined),
  })
  .transform(({ token, access_token: accessToken, expires_in: expiresIn }) => ({
    // Both may appear ("they should be equivalent"); `token` is the spec's own name, so it goes first.
    token: [token, accessToken].find((value) => value !== undefined && value !== ''),
    expiresIn,
  }))
  .pipe(
    z.object({
      token: z.string({ error: 'has no token (neither "token" nor "access_token")' }).regex(TOKEN_SHAPE, {
        error: 'has a token with characters that cannot go into a header',
      }),
      expiresIn: z.number().or(z.undefined()),
    }),
  );
export type TokenResponse = z.infer<typeof TokenResponse>;

/** One entry of an error body; code and message are shown when they are strings, the rest is ignored. */
const RegistryError = z.object({ code: optionalString, message: optionalString }).catch({ code: undefined, message: undefined });

/**
 * The body of a registry's error answer: `{"errors":[{"code":…,"message":…,"detail":…}]}`.
 * OCI distribution spec, "Error Codes":
 * https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#error-codes
 */
export const RegistryErrors = z.object({ errors: z.array(RegistryError) });
export type RegistryErrors = z.infer<typeof RegistryErrors>;
