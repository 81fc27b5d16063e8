// The contract between every part of Rewind: history, commands, activations, failures and messages.
// No dependencies and no Node built-ins: it is bundled into the workflow sandbox too.
export * from './activation';
export * from './commands';
export * from './command-schema';
export * from './failure';
export * from './failure-schema';
export * from './headers';
export * from './history';
export * from './jsonrpc';
export * from './local-activities';
export * from './memo';
export * from './messages';
export * from './payload';
export * from './retry-policy';
export * from './schedules';
export * from './search-attribute-types';
export * from './search-attributes';
export * from './task-queues';
export * from './schema';
export * from './utf8-bytes';
export * from './watch-resume';
export * from './wire-text';
