// The server's rules for what a form may send (lengths, characters, ranges), written by the
// server from its own constants: the forms check them before sending and never copy them.
export let rules = null;

export async function loadRules() {
  if (rules) return rules;
  const res = await fetch('/assets/rules.json', { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`The form rules did not load (${res.status}).`);
  rules = await res.json();
  return rules;
}
