/**
 * The <text> elements of a vega SVG with their positions: the translate()
 * of the text plus those of the <g> elements around it (vega writes only
 * translations, and a rotate() on y-axis titles that does not move the
 * anchor). For layout tests: legends below panels, tick labels in order.
 */
export interface SvgText {
  text: string;
  x: number;
  y: number;
}

export function svgTextPositions(svg: string): SvgText[] {
  const out: SvgText[] = [];
  const stack: [number, number][] = [[0, 0]];
  const translate = (attrs: string): [number, number] => {
    const m = /transform="translate\(([-\d.e+]+),\s*([-\d.e+]+)\)/.exec(attrs);
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  };
  const unescape = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  for (const m of svg.matchAll(/<(\/?)(g|text)\b([^>]*)>(?:([^<]*)<\/text>)?/g)) {
    const [, close, tag, attrs, content] = m;
    const [px, py] = stack[stack.length - 1];
    if (tag === 'g' && close) stack.pop();
    else if (tag === 'g' && !attrs.endsWith('/')) {
      const [dx, dy] = translate(attrs);
      stack.push([px + dx, py + dy]);
    } else if (tag === 'text') {
      const [dx, dy] = translate(attrs);
      out.push({ text: unescape(content ?? ''), x: px + dx, y: py + dy });
    }
  }
  return out;
}

/** The position of the one text equal to `text` (throws if absent or repeated). */
export function textAt(texts: SvgText[], text: string): SvgText {
  const hits = texts.filter((t) => t.text === text);
  if (hits.length !== 1) throw new Error(`expected one text '${text}', found ${hits.length}`);
  return hits[0];
}

/** Width and height of an SVG (its root width/height attributes). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="([\d.]+)"\s+height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('svgSize: no width/height on the root element');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Width and height of a PNG (its IHDR chunk). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
