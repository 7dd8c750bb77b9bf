// The page frame shared by index.html and the evidence viewers: one stylesheet, a
// Content-Security-Policy that forbids every network fetch (the report must be readable offline
// and must not phone home when an operator opens it), and the one script the policy allows.
import { createHash } from 'node:crypto';
import { escapeXml as h } from './xml-escape.js';

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--na:#6e7781;--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;padding:1rem;max-width:72rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
a{color:#0969da}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
tr.group th{background:var(--soft);font-size:.85rem}td.req-id{white-space:nowrap}td.scenarios,td.summary-text,dd,summary{overflow-wrap:anywhere}
#traceability{table-layout:fixed}#traceability th:nth-child(1){width:7.5rem}#traceability th:nth-child(2){width:8rem}#traceability th:nth-child(3){width:45%}
.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:600;color:#fff;white-space:nowrap}
.pass,.passed,.conforms{background:var(--pass)}.fail,.failed,.undefined,.does-not-conform{background:var(--fail)}
.not-applicable,.not-covered,.skipped,.incomplete{background:var(--na)}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;margin:.8rem 0}
.tiles div{border:1px solid var(--line);border-radius:.4rem;padding:.5rem}.tiles b{display:block;font-size:1.3rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.muted{color:var(--muted)}
pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);padding:.5rem;border-radius:.3rem;font-size:.8rem;margin:.3rem 0}
details{margin:.3rem 0;border-left:3px solid transparent;padding-left:.4rem}details[open]{border-left-color:var(--line)}
details[data-status=failed],details[data-status=undefined]{border-left-color:var(--fail)}summary{cursor:pointer}
.scroll{overflow-x:auto}nav.toc{font-size:.9rem;margin:.5rem 0}nav.toc a{margin-right:.8rem;white-space:nowrap}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-weight:600;margin-bottom:.3rem}
.exchange{border:1px solid var(--line);border-radius:.4rem;padding:.5rem .8rem;margin:1rem 0}
.exchange h2{margin-top:.3rem}
@media (max-width:40rem){
 body{padding:.5rem;font-size:14px}
 table.cards thead{display:none}
 table.cards,table.cards tbody,table.cards tr,table.cards td,table.cards th{display:block;width:100%}
 table.cards tr{border-bottom:1px solid var(--line);padding:.3rem 0}table.cards td,table.cards th{border:0;padding:.1rem 0}
 table.cards td.summary-text{font-size:.8rem}
 dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}
}
@media print{
 body{max-width:none;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}nav.toc{display:none}.scroll{overflow:visible}
 details::details-content{content-visibility:visible;display:block}
 details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}
 .badge{border:1px solid #000;color:#000;background:none!important}
 tr,pre,figure,.exchange,dl.facts{break-inside:avoid}h2,h3{break-after:avoid}
 a.evidence::after{content:" (" attr(href) ")";font-size:.8em;color:#555}
}
@page{margin:1.5cm}
`;

// Browsers without ::details-content print closed <details> collapsed: open them for printing.
const PRINT_SCRIPT =
  "addEventListener('beforeprint',function(){document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;d.setAttribute('data-print-opened','')})});" +
  "addEventListener('afterprint',function(){document.querySelectorAll('details[data-print-opened]').forEach(function(d){d.open=false;d.removeAttribute('data-print-opened')})});";

const SCRIPT_HASH = createHash('sha256').update(PRINT_SCRIPT).digest('base64');

/** No fetch of any kind; inline styles, inline SVG and the print script above only. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${h(CONTENT_SECURITY_POLICY)}">
<title>${h(title)}</title><style>${CSS}</style><script>${PRINT_SCRIPT}</script></head>
<body>
${body}
</body></html>
`;
}

const LABELS: Record<string, string> = { 'does-not-conform': 'does not conform', 'not-applicable': 'not applicable', 'not-covered': 'not covered' };

export function badge(status: string): string {
  return `<span class="badge ${h(status)}">${h(LABELS[status] ?? status)}</span>`;
}
