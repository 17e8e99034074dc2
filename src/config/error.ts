// The one error for settings that cannot be used, from any section (smtp, imap, ...): the CLI
// prints it as one line and exits with status 2. `setting` names the variable or key at fault.
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly setting?: string;

  constructor(message: string, setting?: string) {
    super(setting ? `${setting}: ${message}` : message);
    this.setting = setting;
  }
}
