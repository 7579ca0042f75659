package dev.exengine.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** The few drawing operations {@link PercentilePlot} needs, so one drawing serves the SVG and the PNG. */
interface PlotCanvas
{
    enum Anchor
    { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, Color color, float width);

    void polyline(double[] xs, double[] ys, int count, Color color, float width);

    void text(double x, double y, String text, int size, Anchor anchor, Color color);

    /** Inline SVG markup. */
    final class Svg implements PlotCanvas
    {
        private final StringBuilder svg = new StringBuilder();

        Svg(final int width, final int height)
        {
            svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"" +
                " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" " +
                "fill=\"white\"/>%n", width, height, width, height));
        }

        @Override
        public void line(final double x1, final double y1, final double x2, final double y2, final Color color,
            final float width)
        {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" " +
                "stroke=\"%s\" stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, hex(color), width));
        }

        @Override
        public void polyline(final double[] xs, final double[] ys, final int count, final Color color,
            final float width)
        {
            svg.append("<polyline fill=\"none\" stroke=\"").append(hex(color)).append("\" stroke-width=\"")
                .append(width).append("\" points=\"");
            for (int i = 0; i < count; i++)
            {
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
            }
            svg.append("\"/>\n");
        }

        @Override
        public void text(final double x, final double y, final String text, final int size, final Anchor anchor,
            final Color color)
        {
            final String textAnchor = switch (anchor)
            {
                case START -> "start";
                case MIDDLE -> "middle";
                case END -> "end";
            };
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" " +
                "fill=\"%s\">%s</text>%n", x, y, size, textAnchor, hex(color), escape(text)));
        }

        String markup()
        {
            return svg + "</svg>\n";
        }

        private static String hex(final Color color)
        {
            return String.format("#%02x%02x%02x", color.getRed(), color.getGreen(), color.getBlue());
        }

        private static String escape(final String text)
        {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }

    /** A BufferedImage drawn with Graphics2D (headless), for the PNG. */
    final class Image implements PlotCanvas
    {
        private final BufferedImage image;
        private final Graphics2D g;

        Image(final int width, final int height)
        {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        }

        @Override
        public void line(final double x1, final double y1, final double x2, final double y2, final Color color,
            final float width)
        {
            g.setColor(color);
            g.setStroke(new BasicStroke(width));
            g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(final double[] xs, final double[] ys, final int count, final Color color,
            final float width)
        {
            final Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < count; i++)
            {
                if (i == 0)
                {
                    path.moveTo(xs[i], ys[i]);
                }
                else
                {
                    path.lineTo(xs[i], ys[i]);
                }
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        @Override
        public void text(final double x, final double y, final String text, final int size, final Anchor anchor,
            final Color color)
        {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            final int width = g.getFontMetrics().stringWidth(text);
            final double left = switch (anchor)
            {
                case START -> x;
                case MIDDLE -> x - width / 2.0;
                case END -> x - width;
            };
            g.setColor(color);
            g.drawString(text, (float)left, (float)y);
        }

        BufferedImage image()
        {
            g.dispose();
            return image;
        }
    }
}
