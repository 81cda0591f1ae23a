import { raw } from "hono/html";
import QRCode from "qrcode";

// What qrcode's SVG renderer writes: an <svg> with a background <path> and a module <path>, numbers
// and path commands only. Anything else (a changed renderer, text from the URL) is refused.
const SAFE_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges"><path fill="#ffffff" d="[MHVhvmz0-9. ]+"\/><path stroke="#000000" d="[MHVhvmz0-9. ]+"\/><\/svg>\n?$/;

/** The SVG markup of a QR code for `text`, checked against what the renderer is known to write. */
export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  if (!SAFE_SVG.test(svg)) throw new Error("the QR code renderer returned unexpected SVG markup");
  return svg.trim();
}

/** An inline QR code image (no external request), labelled for screen readers. */
export function QrCode({ svg, label }: { svg: string; label: string }) {
  return (
    <div class="qr" role="img" aria-label={label}>
      {raw(svg)}
    </div>
  );
}
