import path from 'node:path';

/** The value of a required `--name value` (or `--name=value`) argument; exits with usage otherwise. */
export function argument(argv: string[], name: string): string {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  const arg = argv[i];
  const value =
    arg === undefined ? undefined : arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  if (!value) {
    console.error(`Missing ${name} <value>.`);
    process.exit(2);
  }
  return value;
}

/** A file argument, relative to where the user typed the command (npm runs scripts elsewhere). */
export function fileArgument(argv: string[], name: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), argument(argv, name));
}
