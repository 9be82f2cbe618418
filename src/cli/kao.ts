/**
 * The `kao` command line. Commands load their modules on first use, so `kao --help` does not pay
 * for the YAML and markdown parsers. Exit codes: 0 ok, 1 findings (lint errors), 2 usage errors,
 * 3 an internal error (our bug; set KAO_DEBUG=1 for the stack).
 */
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../errors.ts';
import { VERSION } from '../version.ts';

const program = new Command('kao')
  .description('Kyora Agent OS: compile and lint an AI coding-agent playbook (role, instruction, prompt and skill files).')
  .version(VERSION, '-V, --version')
  .showHelpAfterError('(run `kao --help` for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('lint')
  .description('check a playbook: YAML, fields, tools, role references, links, applyTo globs, mis-decoded text')
  .argument('[dir]', 'repository folder whose playbook to check', '.')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
  .option('--json', 'same as --format json')
  .option('--builtin', 'check the built-in playbook instead of a folder')
  .option('--no-builtin-roles', 'do not fill in built-in roles the folder does not define')
  .option('-q, --quiet', 'print errors only')
  .addHelpText('after', '\nExit status: 0 no errors, 1 errors found, 2 usage error.\nRule reference: docs/lint-rules.md')
  .action(async (dir: string, opts) => {
    const { runLint } = await import('./commands/lint.ts');
    process.exitCode = await runLint(dir, { ...opts, format: opts.json ? 'json' : opts.format });
  });

program
  .command('compile')
  .description('print the compiled playbook (roles and operating model) as JSON')
  .argument('[dir]', 'repository folder', '.')
  .option('--role <id>', 'print one role only')
  .option('--builtin', 'compile the built-in playbook')
  .action(async (dir: string, opts) => {
    const { runCompile } = await import('./commands/compile.ts');
    process.exitCode = await runCompile(dir, opts);
  });

program
  .command('init')
  .description('write the built-in playbook into a repository\'s .github/ (existing files are kept unless --force)')
  .argument('[dir]', 'repository folder', '.')
  .option('--force', 'overwrite files that already exist')
  .option('--json', 'print what was written as JSON')
  .action(async (dir: string, opts) => {
    const { runInit } = await import('./commands/init.ts');
    process.exitCode = runInit(dir, opts);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = report(e);
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version exit through here with code 0; real usage errors were already printed.
    return e.exitCode === 0 ? 0 : 2;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`kao: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`kao: internal error: ${err.message}\n  This is a bug in kao; please report it${process.env.KAO_DEBUG ? '' : ' (set KAO_DEBUG=1 to see the stack)'}.\n`);
  if (process.env.KAO_DEBUG) process.stderr.write(`${err.stack}\n`);
  return 3;
}
