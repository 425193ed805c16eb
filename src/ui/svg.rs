//! A drawn screen as an SVG picture (`render --svg`, and the pictures in `screenshots/`): each
//! cell on a fixed grid in a monospace font, the theme's colours as a terminal with the usual
//! xterm palette shows the 16 ANSI colours, bold, dim, italic, underline and reverse kept.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const FONT_SIZE: f32 = 14.0;
const DEFAULT_FG: &str = "#d0d0d0";
const DEFAULT_BG: &str = "#1c1c1c";

/// xterm's palette for the 16 named colours.
const ANSI: [&str; 16] = [
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
    "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
];

fn indexed(i: u8) -> String {
    match i {
        0..=15 => ANSI[i as usize].to_string(),
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(n / 36),
                level((n / 6) % 6),
                level(n % 6)
            )
        }
        _ => {
            let g = 8 + (i - 232) * 10;
            format!("#{g:02x}{g:02x}{g:02x}")
        }
    }
}

/// The colour's hex, or None for the terminal's default.
fn hex(c: Color) -> Option<String> {
    Some(match c {
        Color::Reset => return None,
        Color::Black => ANSI[0].into(),
        Color::Red => ANSI[1].into(),
        Color::Green => ANSI[2].into(),
        Color::Yellow => ANSI[3].into(),
        Color::Blue => ANSI[4].into(),
        Color::Magenta => ANSI[5].into(),
        Color::Cyan => ANSI[6].into(),
        Color::Gray => ANSI[7].into(),
        Color::DarkGray => ANSI[8].into(),
        Color::LightRed => ANSI[9].into(),
        Color::LightGreen => ANSI[10].into(),
        Color::LightYellow => ANSI[11].into(),
        Color::LightBlue => ANSI[12].into(),
        Color::LightMagenta => ANSI[13].into(),
        Color::LightCyan => ANSI[14].into(),
        Color::White => ANSI[15].into(),
        Color::Indexed(i) => indexed(i),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
    })
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A run of cells of one style on one row.
struct Run {
    x: u16,
    cells: u16,
    text: String,
    fg: String,
    bg: Option<String>,
    modifier: Modifier,
}

fn runs(buf: &Buffer, y: u16) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for x in 0..buf.area.width {
        let cell = &buf[(x, y)];
        let (mut fg, mut bg) = (hex(cell.fg), hex(cell.bg));
        if cell.modifier.contains(Modifier::REVERSED) {
            (fg, bg) = (
                bg.or(Some(DEFAULT_BG.into())),
                fg.or(Some(DEFAULT_FG.into())),
            );
        }
        let fg = fg.unwrap_or_else(|| DEFAULT_FG.into());
        let modifier = cell.modifier - Modifier::REVERSED;
        match out.last_mut() {
            Some(r) if r.fg == fg && r.bg == bg && r.modifier == modifier => {
                r.cells += 1;
                r.text.push_str(cell.symbol());
            }
            _ => out.push(Run {
                x,
                cells: 1,
                text: cell.symbol().to_string(),
                fg,
                bg,
                modifier,
            }),
        }
    }
    out
}

/// The buffer as a standalone SVG document.
pub fn to_svg(buf: &Buffer) -> String {
    let (w, h) = (
        f32::from(buf.area.width) * CELL_W,
        f32::from(buf.area.height) * CELL_H,
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.1} {h:.1}\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"{FONT_SIZE}\">"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"{DEFAULT_BG}\"/>"
    );
    for y in 0..buf.area.height {
        let top = f32::from(y) * CELL_H;
        for r in runs(buf, y) {
            let left = f32::from(r.x) * CELL_W;
            let width = f32::from(r.cells) * CELL_W;
            if let Some(bg) = &r.bg {
                let _ = writeln!(
                    out,
                    "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{CELL_H:.1}\" fill=\"{bg}\"/>"
                );
            }
            if r.text.trim().is_empty() {
                continue;
            }
            let mut attrs = format!("fill=\"{}\"", r.fg);
            if r.modifier.contains(Modifier::BOLD) {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if r.modifier.contains(Modifier::DIM) {
                attrs.push_str(" opacity=\"0.6\"");
            }
            if r.modifier.contains(Modifier::ITALIC) {
                attrs.push_str(" font-style=\"italic\"");
            }
            if r.modifier.contains(Modifier::UNDERLINED) {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            let base = top + CELL_H * 0.78;
            let _ = writeln!(
                out,
                "<text x=\"{left:.1}\" y=\"{base:.1}\" textLength=\"{width:.1}\" lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\" {attrs}>{}</text>",
                escape(&r.text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn cells_keep_their_colours_and_text_is_escaped() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        buf.set_string(0, 0, "a<b", Style::default().fg(Color::Red));
        buf.set_string(
            0,
            1,
            "sel",
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        );
        let svg = to_svg(&buf);
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains(">a&lt;b</text>"), "{svg}");
        assert!(svg.contains("fill=\"#cd0000\""), "{svg}");
        // Reverse video: the default foreground becomes the background of the run.
        assert!(svg.contains(&format!("fill=\"{DEFAULT_FG}\"/>")), "{svg}");
        assert!(svg.contains("font-weight=\"bold\""), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn the_palette_covers_every_colour() {
        assert_eq!(hex(Color::Indexed(16)).unwrap(), "#000000");
        assert_eq!(hex(Color::Indexed(231)).unwrap(), "#ffffff");
        assert_eq!(hex(Color::Indexed(232)).unwrap(), "#080808");
        assert_eq!(hex(Color::Rgb(1, 2, 3)).unwrap(), "#010203");
        assert_eq!(hex(Color::Reset), None);
    }
}
