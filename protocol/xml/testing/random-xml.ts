// Test-only fast-check generator of namespace-heavy XML documents: prefixes redeclared at random
// depths, default-namespace undeclarations, prefixed and unprefixed attributes whose namespace
// order differs from their prefix order, characters c14n must escape, comments and PIs.
import fc from 'fast-check';

const NS_POOL = ['urn:a', 'urn:b', 'http://example.com/ns#x', 'urn:A'];
const PREFIXES = ['a', 'b', 'ds', 'z'];
const LOCAL_NAMES = ['e', 'f', 'Sig'];
export const TARGET_ID = 'c14n-target';

interface GenDecl { p: number; u: number }
interface GenAttr { p: number; name: string; value: string }
type GenChild = { kind: 'el'; el: GenEl } | { kind: 'text'; text: string; cdata: boolean } | { kind: 'comment'; text: string } | { kind: 'pi'; text: string };
export interface GenEl { prefix: number; local: string; decls: GenDecl[]; attrs: GenAttr[]; children: GenChild[] }
export interface GenDoc { root: GenEl; before: string[]; after: string[]; target: number }

const textChars = fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r\n', 'ä', '€', '𝄞', ']', '=');
const text = fc.array(textChars, { maxLength: 8 }).map((a) => a.join(''));
const commentText = fc.array(fc.constantFrom('a', ' ', '-x', 'ä', '<', '&'), { maxLength: 5 }).map((a) => a.join(''));

const { el } = fc.letrec<{ el: GenEl; child: GenChild }>((tie) => ({
  el: fc.record({
    prefix: fc.integer({ min: -1, max: PREFIXES.length - 1 }),
    local: fc.constantFrom(...LOCAL_NAMES),
    decls: fc.array(fc.record({ p: fc.integer({ min: -1, max: PREFIXES.length - 1 }), u: fc.integer({ min: -1, max: NS_POOL.length - 1 }) }), { maxLength: 3 }),
    attrs: fc.array(fc.record({ p: fc.integer({ min: -1, max: PREFIXES.length - 1 }), name: fc.constantFrom('id', 'k', 'a', 'b'), value: text }), { maxLength: 3 }),
    children: fc.array(tie('child'), { maxLength: 5, depthIdentifier: 'xml' }),
  }),
  child: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'xml', withCrossShrink: true },
    fc.record({ kind: fc.constant('text' as const), text, cdata: fc.boolean() }),
    { arbitrary: tie('el').map((e) => ({ kind: 'el' as const, el: e })), weight: 2 },
    fc.record({ kind: fc.constant('comment' as const), text: commentText }),
    fc.record({ kind: fc.constant('pi' as const), text: commentText.map((t) => t.replace(/[<&]/g, '')) }),
  ),
}));

export const genDoc: fc.Arbitrary<GenDoc> = fc.record({
  root: el,
  before: fc.array(fc.constantFrom('<!-- head -->', '<?pi-x data?>'), { maxLength: 2 }),
  after: fc.array(fc.constantFrom('<!-- tail -->', '<?pi-y?>'), { maxLength: 2 }),
  target: fc.nat(),
});

function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Counts elements in document order (the root is index 0). */
export function countElements(e: GenEl): number {
  return 1 + e.children.reduce((n, c) => n + (c.kind === 'el' ? countElements(c.el) : 0), 0);
}

/**
 * Serialises the generated document. The element whose document-order index is `targetIndex`
 * gets `Id="c14n-target"`; `extraRootChild` is appended inside the root (a signature template).
 */
export function serialize(doc: GenDoc, targetIndex = -1, extraRootChild = ''): string {
  let counter = 0;
  const out: string[] = [];
  const write = (e: GenEl, scope: Map<string, string>, isRoot: boolean): void => {
    const index = counter++;
    const local = new Map(scope);
    const decls = new Map<string, string>();
    for (const d of e.decls) {
      const prefix = d.p < 0 ? '' : PREFIXES[d.p];
      if (prefix !== '' && d.u < 0) continue; // XML 1.0 cannot undeclare a prefix
      decls.set(prefix, d.u < 0 ? '' : NS_POOL[d.u]);
    }
    for (const [p, u] of decls) local.set(p, u);
    const need = (prefix: string) => {
      if (!local.has(prefix)) {
        const u = NS_POOL[(prefix.charCodeAt(0) + index) % NS_POOL.length];
        decls.set(prefix, u);
        local.set(prefix, u);
      }
    };
    const prefix = e.prefix < 0 ? '' : PREFIXES[e.prefix];
    if (prefix) need(prefix);
    const attrParts: string[] = [];
    const seen = new Set<string>();
    for (const a of e.attrs) {
      const ap = a.p < 0 ? '' : PREFIXES[a.p];
      if (ap) need(ap);
      const key = `${ap ? local.get(ap) : ''}|${a.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      attrParts.push(` ${ap ? ap + ':' : ''}${a.name}="${escAttr(a.value)}"`);
    }
    if (index === targetIndex) attrParts.push(` Id="${TARGET_ID}"`);
    const qname = prefix ? `${prefix}:${e.local}` : e.local;
    const declParts = [...decls].map(([p, u]) => (p ? ` xmlns:${p}="${u}"` : ` xmlns="${u}"`));
    out.push(`<${qname}${declParts.join('')}${attrParts.join('')}>`);
    for (const c of e.children) {
      if (c.kind === 'el') write(c.el, local, false);
      else if (c.kind === 'text') out.push(c.cdata && !c.text.includes(']]>') ? `<![CDATA[${c.text}]]>` : escText(c.text));
      else if (c.kind === 'comment') out.push(`<!--${c.text.replace(/-+$/, '')}-->`);
      else out.push(`<?pi-${index} ${c.text.replace(/\?>/g, '')}?>`);
    }
    if (isRoot) out.push(extraRootChild);
    out.push(`</${qname}>`);
  };
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n', ...doc.before.map((b) => b + '\n'));
  write(doc.root, new Map(), true);
  out.push(...doc.after.map((a) => '\n' + a));
  return out.join('');
}

/** `--id-attr` node names xmlsec1 needs to find `Id` on any generated element. */
export function idAttrNodeNames(): string[] {
  const out: string[] = [];
  for (const l of LOCAL_NAMES) {
    out.push(l);
    for (const ns of NS_POOL) out.push(`${ns}:${l}`);
  }
  return out;
}
