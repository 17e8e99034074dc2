// The signed return paths' keys as the pipeline holds them: what proves a message from a role
// address answers our mail.
export interface ReturnPathKeys {
  /** key id → secret */
  secrets: Record<string, string>;
  prefix: string;
}
