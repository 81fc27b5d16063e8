// What `rewind` says to words that name no command: the closest commands ("did you mean …?") and a
// short usage (the verbs of the group meant, or the groups), never the whole help.
import type { CommandSpec } from './command';
import { closestMatches } from './did-you-mean';

/** Top-level words that are not a group of commands. */
const OTHER_WORDS = ['version', 'help', '--version', '--help'];

export function unknownCommandText(argv: readonly string[], commands: readonly CommandSpec[]): string {
  const firstFlag = argv.findIndex((a) => a.startsWith('-') && !OTHER_WORDS.includes(a));
  const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const verbsOf = (group: string): string[] => commands.filter((c) => c.words[0] === group && c.words.length > 1).map((c) => c.words[1]!);
  const groups = [...new Set(commands.map((c) => c.words[0]!))];
  const typed = argv[0] ?? '';
  const meantGroups = groups.includes(typed) ? [typed] : closestMatches(typed, [...groups, ...OTHER_WORDS]);

  const guesses: string[] = [];
  for (const group of meantGroups) {
    const verbs = verbsOf(group);
    if (verbs.length === 0) {
      guesses.push([group, ...argv.slice(1)].join(' '));
      continue;
    }
    const verb = words[1];
    if (verb === undefined) {
      if (group !== typed) guesses.push(group);
      continue;
    }
    for (const v of verbs.includes(verb) ? [verb] : closestMatches(verb, verbs)) guesses.push([group, v, ...argv.slice(2)].join(' '));
  }

  const lines = [`Error: unknown command: rewind ${argv.join(' ')}`];
  if (guesses.length > 0) lines.push(`Did you mean ${guesses.map((g) => `\`rewind ${g}\``).join(' or ')}?`);
  const group = meantGroups.length === 1 ? meantGroups[0]! : undefined;
  const verbs = group ? verbsOf(group) : [];
  lines.push(
    group && verbs.length > 0
      ? `Usage: rewind ${group} <${verbs.join(' | ')}> [flags]. See \`rewind ${group} --help\` for what each does.`
      : `Usage: rewind <${groups.join(' | ')}> … [flags]. See \`rewind --help\` for the commands, \`rewind --version\` for the version.`,
  );
  return lines.join('\n');
}
