// The benchmarks' command line: `--name value` options and `--flag`s, read the same way by every script.
export const args = process.argv.slice(2);

/** The value after `name`, else `dflt`. */
export const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};

/** The value after `name` as a number, else `dflt`. */
export const num = (name, dflt) => {
  const v = opt(name);
  return v === undefined ? dflt : Number(v);
};
