import { escapeHtml as h, jsonForScript } from './format.ts';
import type { VendorScripts } from './vendor.ts';

/**
 * The end of every self-contained page with charts (bench report, compare page): vega, vega-lite and
 * vega-embed inlined so the file opens offline, the specs as JSON, and the script that embeds each into
 * its `#chart-<id>` element. `data-charts-done` on <body> tells a browser test that all have rendered.
 */
export function chartScripts(vendor: VendorScripts, specs: Record<string, unknown>): string {
  return `<p class="dim">Rendered by ocrbench with vega ${h(vendor.versions.vega)}, vega-lite ${h(vendor.versions.vegaLite)}, vega-embed ${h(vendor.versions.vegaEmbed)}, inlined.</p>
<script>${vendor.vega}</script>
<script>${vendor.vegaLite}</script>
<script>${vendor.vegaEmbed}</script>
<script type="application/json" id="chart-specs">${jsonForScript(specs)}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var pending = Object.keys(specs).map(function (id) {
    var el = document.getElementById('chart-' + id);
    return vegaEmbed(el, specs[id], { renderer: 'svg', actions: false }).catch(function (err) {
      el.innerHTML = '<div class="chart-error"></div>';
      el.firstChild.textContent = 'Chart failed: ' + err;
      console.error('chart ' + id + ' failed', err);
    });
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-charts-done', 'true'); });
})();
</script>`;
}
