// A setting that cannot be used. `setting` names it the way the user wrote it (a config-file key
// such as `http.port`, or an environment variable), so the message says where to look.
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}
