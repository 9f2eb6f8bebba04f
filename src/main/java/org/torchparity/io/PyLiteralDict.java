package org.torchparity.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the one Python literal a {@code .npy} header holds: a dict of string keys to
 * strings, {@code True}/{@code False} or tuples of non-negative decimal ints, as numpy writes it
 * with {@code repr}. Grammar (whitespace is spaces, tabs, carriage returns and newlines):
 *
 * <pre>
 * header := ws '{' ws [ item ( ws ',' ws item )* ws [ ',' ] ] ws '}' ws END
 * item   := string ws ':' ws value
 * value  := string | 'True' | 'False' | tuple
 * tuple  := '(' ws ')' | '(' ws int ws ',' ws ')' | '(' ws int ( ws ',' ws int )+ ws [ ',' ] ws ')'
 * string := "'" [^'\\\n]* "'" | '"' [^"\\\n]* '"'
 * int    := '0' | [1-9][0-9]*
 * </pre>
 *
 * <p>A key given twice is refused: Python keeps the last, so a decoy first entry would read one way
 * here and another way in numpy. Tuples are held as {@code long[]}; an int over {@link
 * Long#MAX_VALUE} or a tuple longer than the rank limit is refused while parsing.
 */
final class PyLiteralDict {
  private final Path file;
  private final String key;
  private final String text;
  private final int maxTuple;
  private int at;

  private PyLiteralDict(Path file, String key, String text, int maxTuple) {
    this.file = file;
    this.key = key;
    this.text = text;
    this.maxTuple = maxTuple;
  }

  /**
   * Parses a header dict.
   *
   * @param file the file, for messages
   * @param key the entry, for messages
   * @param text the header text
   * @param maxTuple the longest tuple accepted (the rank limit)
   * @return key to {@code String}, {@code Boolean} or {@code long[]}, in the order written
   */
  static Map<String, Object> parse(Path file, String key, String text, int maxTuple) {
    return new PyLiteralDict(file, key, text, maxTuple).dict();
  }

  private Map<String, Object> dict() {
    Map<String, Object> result = new LinkedHashMap<>();
    skipSpace();
    expect('{');
    skipSpace();
    while (peek() != '}') {
      int keyAt = at;
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      Object value = value();
      if (result.containsKey(name)) {
        throw malformed(
            keyAt, "the key '" + name + "' appears twice (a decoy: numpy keeps the last)");
      }
      result.put(name, value);
      skipSpace();
      if (peek() == ',') {
        at++;
        skipSpace();
      } else if (peek() != '}') {
        throw malformed(at, "expected ',' or '}'");
      }
    }
    at++;
    skipSpace();
    if (at != text.length()) {
      throw malformed(at, "expected only whitespace after the dict");
    }
    return result;
  }

  private Object value() {
    char c = peek();
    if (c == '\'' || c == '"') {
      return string();
    }
    if (c == '(') {
      return tuple();
    }
    if (text.startsWith("True", at)) {
      at += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("False", at)) {
      at += 5;
      return Boolean.FALSE;
    }
    throw malformed(at, "expected a string, True, False or a tuple of ints");
  }

  private long[] tuple() {
    expect('(');
    List<Long> items = new ArrayList<>();
    skipSpace();
    boolean comma = false;
    while (peek() != ')') {
      if (items.size() >= maxTuple) {
        throw new StateDictException(
            file,
            key,
            "the .npy header's shape has more than "
                + maxTuple
                + " dimensions, over the limit (WeightLimits.maxRank)");
      }
      items.add(integer());
      skipSpace();
      comma = peek() == ',';
      if (comma) {
        at++;
        skipSpace();
      } else if (peek() != ')') {
        throw malformed(at, "expected ',' or ')' in a tuple");
      }
    }
    if (items.size() == 1 && !comma) {
      throw malformed(at, "expected a tuple but found a parenthesised int (a 1-tuple needs ',')");
    }
    at++;
    long[] result = new long[items.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = items.get(i);
    }
    return result;
  }

  private long integer() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    String digits = text.substring(start, at);
    if (digits.isEmpty()) {
      throw malformed(start, "expected a non-negative decimal int");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw malformed(start, "expected a decimal int without leading zeros");
    }
    if (digits.length() > 19) {
      throw malformed(start, "the int " + digits + " is larger than a long");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw malformed(start, "the int " + digits + " is larger than a long");
    }
  }

  private String string() {
    char quote = peek();
    if (quote != '\'' && quote != '"') {
      throw malformed(at, "expected a quoted string");
    }
    int start = ++at;
    while (at < text.length() && text.charAt(at) != quote) {
      char c = text.charAt(at);
      if (c == '\\' || c == '\n' || c == '\r') {
        throw malformed(at, "expected a plain string (no escapes or line breaks)");
      }
      at++;
    }
    if (at >= text.length()) {
      throw malformed(start - 1, "the string is not closed");
    }
    return text.substring(start, at++);
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw malformed(at, "the header ends early");
    }
    return text.charAt(at);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw malformed(at, "expected '" + c + "'");
    }
    at++;
  }

  private StateDictException malformed(int where, String problem) {
    return new StateDictException(
        file,
        key,
        "malformed .npy header dict at character " + where + ": " + problem + " in " + quote(text));
  }

  /** The header as a one-line Python-like literal, at most 200 characters. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c > 0xff) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(text.length() > 200 ? "...\"" : "\"").toString();
  }
}
