package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
  @Test
  void printsWhatLoaded() {
    var r = CliRunner.run("info");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("djl:               0.36.0")
        .contains("libtorch:          2.7.1")
        .contains("flavor:            cpu")
        .contains("offline:           true")
        .contains("intra-op threads:")
        .contains("cuda devices:      0")
        .contains("device:            cpu (usable)");
  }

  @Test
  void printsJson() throws Exception {
    var r = CliRunner.run("info", "--json");
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("libtorch").asText()).isEqualTo("2.7.1");
    assertThat(json.get("flavor").asText()).isEqualTo("cpu");
  }
}
