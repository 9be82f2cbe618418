// An older Node is told what to do before anything else loads: bin/kao.js imports this first, and
// `npm test` runs it. Plain JavaScript, so old Nodes can run it.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`kao needs Node.js 22.19 or newer; this is ${process.version}.`);
  console.error('  Get it from the npm registry without touching the system Node:');
  console.error('  npm install --prefix ~/.node22 node@22 && export PATH="$HOME/.node22/node_modules/.bin:$PATH"');
  process.exit(2);
}
