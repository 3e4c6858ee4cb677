package dev.restyle.report;

/** HTML escaping: every value in the report comes from user data (URIs, pair ids, error messages). */
final class Html {

  private Html() {}

  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
