// Where the embedded SQLite store is, when nothing says otherwise (a leaf: the CLI's options name it
// without loading the configuration's schemas).
export const DEFAULT_DB_PATH = './data/rebound.db';
