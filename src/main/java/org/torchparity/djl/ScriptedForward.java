package org.torchparity.djl;

/**
 * Implemented by a module with a forward pass of its own (adds, products) so that {@link
 * ScriptedModel} can write it as TorchScript: the same computation as its {@code compute}, through
 * {@link ScriptBuilder#child} for each child and {@link ScriptBuilder#emit} for each tensor
 * operation.
 */
public interface ScriptedForward {
  /**
   * Writes this module's eval-mode forward pass.
   *
   * @param script where statements go
   * @param prefix this module's state-dict prefix, {@code ""} or ending in a dot
   * @param input the input value's name
   * @return the output value's name
   */
  String script(ScriptBuilder script, String prefix, String input);
}
