package org.torchparity.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.torchparity.io.ParityCase;
import org.torchparity.parity.CaseResult;

/**
 * The summary {@code check} prints for recorded model calls ({@code path}, {@code call}, {@code
 * model}): per recording, its calls in call order, and the first call that fails named.
 */
final class Recordings {
  private Recordings() {}

  static void report(List<ParityCase> cases, Map<ParityCase, CaseResult> results, PrintWriter out) {
    Map<String, List<ParityCase>> byModel =
        cases.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.model() == null ? "(unnamed)" : c.model(),
                    TreeMap::new,
                    Collectors.toList()));
    byModel.forEach(
        (model, calls) -> {
          calls.sort(Comparator.comparingInt(ParityCase::call));
          out.println("recording " + model + ": " + calls.size() + " calls in call order");
          ParityCase first = null;
          for (ParityCase c : calls) {
            CaseResult r = results.get(c);
            out.printf("  call %d  %-6s %s (%s)%n", c.call(), r.status(), c.path(), c.module());
            if (first == null && r.status() == CaseResult.Status.FAIL) {
              first = c;
            }
          }
          out.println(
              first == null
                  ? "  no divergence"
                  : "  first divergence: call "
                      + first.call()
                      + ", "
                      + first.path()
                      + " ("
                      + first.module()
                      + ")");
        });
  }
}
