// The one error for settings that cannot be used, from any section (smtp, imap, ...): the CLI
// prints it as one line and exits with status 2. `setting` names the variable or key at fault;
// `file` is the configuration file the key was read from.
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly setting?: string;
  /** what is wrong, without the setting's name */
  readonly detail: string;
  readonly file?: string;

  constructor(message: string, setting?: string, file?: string) {
    super(setting ? `${setting}: ${message}` : message);
    this.setting = setting;
    this.detail = message;
    this.file = file;
  }
}
