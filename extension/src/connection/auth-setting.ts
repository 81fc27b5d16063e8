// The auth token the extension sends and hands to the `rewind dev` it starts: the rewind.authToken
// setting, else REWIND_AUTH_TOKEN from the environment VS Code was started in; none when both are empty.
import { AUTH_TOKEN_ENV } from '@rewind/sdk/internal/transport/auth-token';

export function effectiveAuthToken(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return setting?.trim() || env[AUTH_TOKEN_ENV]?.trim() || undefined;
}
