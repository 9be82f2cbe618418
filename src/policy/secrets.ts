/**
 * Secrets as a class: files that hold credentials, keys or the process environment. No role reads,
 * searches, copies, archives, prints or sends one, by any tool or program. The default list covers
 * what coding agents have been caught reading (dotenv files, SSH and TLS keys, cloud, git, registry
 * and Kubernetes credentials, /proc/…/environ); a repository adds to it or exempts a path (with a
 * reason) in its operating model's `policy.secrets`. Pure.
 */
import { pathMatcher } from '../playbook/globs.ts';

/** Matched against the workspace-relative path, and against the path under the home folder. */
export const DEFAULT_SECRETS = [
  '**/.env', '**/.env.*', '**/.envrc',
  '**/*.pem', '**/*.key', '**/*.p12', '**/*.pfx', '**/*.jks', '**/*.keystore', '**/*.ppk', '**/*.asc',
  '**/id_rsa', '**/id_rsa_*', '**/id_dsa', '**/id_ecdsa', '**/id_ecdsa_*', '**/id_ed25519', '**/id_ed25519_*', '**/*_rsa', '**/*_ed25519',
  '**/.ssh/**', '**/.aws/**', '**/.azure/**', '**/.config/gcloud/**', '**/.kube/config', '**/.docker/config.json',
  '**/.config/gh/hosts.yml', '**/.npmrc', '**/.yarnrc.yml', '**/.pypirc', '**/.netrc', '**/_netrc', '**/.git-credentials',
  '**/.gnupg/**', '**/.password-store/**', '**/credentials.json', '**/credentials', '**/*service-account*.json', '**/.htpasswd',
  '**/secrets.yml', '**/secrets.yaml', '**/secrets.json', '**/*.tfstate', '**/*.tfvars', '.git/config',
];

/** Templates that by convention hold no values. */
export const DEFAULT_NOT_SECRETS = ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.dist', '**/.env.defaults', '**/*.pub', '**/*.pem.pub'];

export interface SecretRules {
  add?: readonly string[];
  allow?: readonly string[];
}

export type SecretTest = (path: string) => boolean;

/** `path` is workspace-relative, or absolute for places outside the workspace (home, /proc). */
export function secretMatcher(rules: SecretRules = {}): SecretTest {
  const secret = pathMatcher([...DEFAULT_SECRETS, ...(rules.add ?? [])]);
  const notSecret = pathMatcher([...DEFAULT_NOT_SECRETS, ...(rules.allow ?? [])]);
  // Nearly every path names none of the default secrets: a quick look at the words first (skipped
  // when the repository adds its own globs, which may name anything).
  const quick = rules.add?.length ? null : MAY_BE_SECRET;
  return (path) => {
    if (quick && !quick.test(path)) return false;
    if (/^\/proc\/[^/]+\/(environ|cmdline|mem|maps)$/.test(path)) return true;
    const rel = path.replace(/^\/+/, '');
    return secret(rel) && !notSecret(rel);
  };
}

/** Every default secret glob contains one of these words (kept in step with DEFAULT_SECRETS by a test). */
const MAY_BE_SECRET = /env|\.pem|\.key|\.p12|\.pfx|\.jks|keystore|\.ppk|\.asc|id_|_rsa|_ed25519|\.ssh|\.aws|\.azure|gcloud|\.kube|\.docker|\/gh\/|npmrc|yarnrc|pypirc|netrc|git-credentials|gnupg|password-store|credentials|service-account|htpasswd|secrets\.|\.tf(state|vars)|\.git\/config|environ/i;

/**
 * Whether a glob the shell expands (`.en*`, `id_*`, `*.pem`) could name a secret: tried on typical
 * secret file names, so a pattern is caught before the files exist.
 */
const SAMPLES = ['.env', '.env.local', '.env.production', 'id_rsa', 'id_ed25519', 'server.key', 'cert.pem', '.npmrc', '.netrc', '.git-credentials', 'credentials.json', 'credentials', 'secrets.yaml', 'config', 'environ'];

export function globMayMatchSecret(glob: string, isSecret: SecretTest, matches: (glob: string, name: string) => boolean): boolean {
  const slash = glob.lastIndexOf('/');
  const dir = slash >= 0 ? glob.slice(0, slash + 1) : '';
  const base = glob.slice(slash + 1);
  return SAMPLES.some((name) => matches(base, name) && isSecret(`${dir.replace(/[*?[\]{}]/g, 'x')}${name}`));
}

/** Commands whose output is a credential or the whole environment. */
const PRINTERS = new Set(['printenv', 'set', 'declare', 'typeset', 'gh', 'aws', 'gcloud', 'az', 'kubectl', 'npm', 'pnpm', 'yarn', 'git', 'docker', 'security']);

/** `words` are the whole command, program first. */
export function printsSecret(program: string, words: readonly { text: string }[]): string | null {
  if (!PRINTERS.has(program)) return null;
  const args = words.slice(1).map((w) => w.text);
  const line = args.join(' ');
  // Bare `env` and `export -p` are judged with the env and export entries of the catalogue.
  if (program === 'printenv' || ((program === 'set' || program === 'declare' || program === 'typeset') && args.length === 0)) return `${program} prints the environment, which holds tokens and keys`;
  if (program === 'declare' && /^-[a-zA-Z]*[xp]/.test(args[0] ?? '')) return 'declare -x prints the environment';
  if (program === 'gh' && /^auth (token|status .*(-t|--show-token))/.test(line)) return 'gh auth token prints the GitHub token';
  if (program === 'aws' && /^(configure (get|export-credentials)|sts get-session-token|ecr get-login)/.test(line)) return 'the AWS CLI prints credentials';
  if (program === 'gcloud' && /auth (print-access-token|print-identity-token|application-default print-access-token)/.test(line)) return 'gcloud prints an access token';
  if (program === 'az' && /account get-access-token/.test(line)) return 'az prints an access token';
  if (program === 'kubectl' && /config view.*--raw|get secrets?\b.*-o/.test(line)) return 'kubectl prints credentials';
  if ((program === 'npm' || program === 'pnpm' || program === 'yarn') && /^config (get|list|ls)\b.*(_auth|token|password)?/.test(line) && /_auth|token|password|-l\b|--long|--json/.test(line)) return `${program} config prints registry tokens`;
  if (program === 'git' && /^(credential (fill|approve)|config (--get )?credential\.|config --list|config -l)/.test(line)) return 'git prints stored credentials';
  if (program === 'docker' && /^login/.test(line)) return 'docker login handles registry credentials';
  if (program === 'security' && /find-(generic|internet)-password/.test(line)) return 'the keychain prints a password';
  return null;
}
