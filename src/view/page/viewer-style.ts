/**
 * The viewer's styles, added once to the document by mountViewer (the playground mounts the
 * viewer in its own page, so they travel with the code, not with view.html).
 */
const styleId = 'lamport-viewer-style';

const css = `
.lv-root { font: 13px/1.4 system-ui, sans-serif; color: #1d232b; }
.lv-root h1 { font-size: 17px; margin: 4px 0; }
.lv-root h2 { font-size: 14px; margin: 4px 0 6px; }
.lv-root h3 { font-size: 13px; margin: 10px 0 4px; }
.lv-facts { color: #444; margin: 0 0 6px; }
.lv-notice { background: #fff4d6; border: 1px solid #e0b84a; padding: 4px 8px; margin: 4px 0; }
.lv-toolbar { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 6px 0; }
.lv-switch label { margin-right: 6px; }
.lv-legend { font-weight: 600; margin-right: 4px; }
.lv-toolbar button { font: inherit; padding: 1px 8px; }
.lv-status { color: #555; }
.lv-main { display: flex; gap: 10px; align-items: flex-start; }
.lv-diagram-box { flex: 1 1 auto; min-width: 0; border: 1px solid #d5d9e0; }
.lv-diagram { display: block; width: 100%; cursor: grab; touch-action: none; }
.lv-diagram.lv-dragging { cursor: grabbing; }
.lv-details { flex: 0 0 340px; overflow: auto; border: 1px solid #d5d9e0; padding: 6px 8px; }
.lv-row th { text-align: left; font-weight: 600; padding-right: 10px; color: #555; }
.lv-row td, .lv-mono { font-family: ui-monospace, monospace; }
.lv-chain { padding-left: 22px; margin: 2px 0; }
.lv-chain li { margin: 2px 0; }
.lv-muted { color: #777; }
.lv-ok { color: #2e7d32; font-weight: 600; }
.lv-bad { color: #c62828; font-weight: 600; }
.lv-pre { white-space: pre-wrap; font-size: 12px; background: #f6f7f9; padding: 6px; max-height: 300px; overflow: auto; }
.lv-charts { display: flex; gap: 10px; margin-top: 8px; }
.lv-chart-box { flex: 1 1 0; min-width: 0; margin: 0; border: 1px solid #d5d9e0; }
.lv-chart-box figcaption { font-size: 12px; padding: 2px 6px; color: #444; }
.lv-chart { display: block; width: 100%; }
.lv-machines { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; }
.lv-machines label { white-space: nowrap; }
.lv-help { color: #555; font-size: 12px; margin: 6px 0; }
.lv-faults td, .lv-faults th { padding: 1px 8px 1px 0; text-align: left; }
.lv-bottom { display: flex; flex-wrap: wrap; gap: 20px; }
.lv-bottom > section { flex: 1 1 300px; min-width: 0; }
@media (max-width: 900px) {
  .lv-main, .lv-charts { flex-direction: column; align-items: stretch; }
  .lv-details { flex: none; }
}
`;

export function addViewerStyle(document: Document): void {
  if (document.getElementById(styleId) !== null) return;
  const style = document.createElement('style');
  style.id = styleId;
  style.textContent = css;
  document.head.append(style);
}
