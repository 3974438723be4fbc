/** Config loading and validation (docs/config.md). */
export { ConfigError, isConfigError, type ConfigIssue } from './config-error.js';
export { kConfigFileEnvVar, kEnvOverrides, type Env } from './env-overrides.js';
export { configFilesFor, defaultConfig, loadConfig, parseConfig, type LoadConfigOptions, type ParseConfigOptions } from './load-config.js';
export { kConfigSchema, kDefaultSymbols, type RingmasterConfig, type RingmasterConfigInput } from './schema.js';
