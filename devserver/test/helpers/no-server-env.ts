// The environment variables that say where a server is (Rewind's and Temporal's), all unset: a child
// process given these gets only what its test adds, whatever the machine's shell has set.
import { ENV_VARIABLES } from '@rewind/sdk/internal/transport/env-config';

export const NO_SERVER_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(ENV_VARIABLES)
    .flat()
    .map((variable) => [variable, '']),
);
