package org.torchparity.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.torchparity.parity.ConvKernel;
import org.torchparity.parity.ParityKernel;
import picocli.CommandLine;

/**
 * Finds the kernel that {@code --kernel} names: first among the kernels registered for {@link
 * ServiceLoader} ({@code META-INF/services/org.torchparity.parity.ParityKernel} or {@code
 * ...ConvKernel}), by {@link ParityKernel#name()} or class name; then as a class on the classpath
 * with a public no-argument constructor. Every way this can go wrong is a usage error naming the
 * option and the class.
 */
final class KernelLoader {
  private final CommandLine cli;
  private final ClassLoader loader;

  KernelLoader(CommandLine cli) {
    this.cli = cli;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : KernelLoader.class.getClassLoader();
  }

  /** Returns the names of the registered kernels, for messages and help. */
  List<String> registeredNames() {
    List<String> names = new ArrayList<>();
    for (ParityKernel k : registered()) {
      names.add(k.name());
    }
    return names;
  }

  /** The kernels registered under either service name, each class once. */
  private List<ParityKernel> registered() {
    List<ParityKernel> kernels = new ArrayList<>();
    for (Class<? extends ParityKernel> service : List.of(ParityKernel.class, ConvKernel.class)) {
      Iterator<? extends ParityKernel> it = ServiceLoader.load(service, loader).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            break;
          }
          ParityKernel k = it.next();
          if (kernels.stream().noneMatch(known -> known.getClass() == k.getClass())) {
            kernels.add(k);
          }
        } catch (ServiceConfigurationError e) {
          // A broken registration elsewhere on the classpath must not hide the others.
        }
      }
    }
    return kernels;
  }

  ParityKernel load(String nameOrClass) {
    for (ParityKernel k : registered()) {
      if (k.name().equals(nameOrClass) || k.getClass().getName().equals(nameOrClass)) {
        return k;
      }
    }
    Class<?> type;
    try {
      type = Class.forName(nameOrClass, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw usage(
          "--kernel: no kernel named '"
              + nameOrClass
              + "' is registered (registered: "
              + String.join(", ", registeredNames())
              + ") and no class '"
              + nameOrClass
              + "' could be loaded from the classpath ("
              + e
              + ")");
    }
    if (!ParityKernel.class.isAssignableFrom(type)) {
      throw usage(
          "--kernel: class '"
              + nameOrClass
              + "' must implement "
              + ParityKernel.class.getName()
              + " (or "
              + ConvKernel.class.getName()
              + ") but does not");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw usage("--kernel: class '" + nameOrClass + "' is abstract; name a concrete class");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw usage(
          "--kernel: class '"
              + nameOrClass
              + "' must have a public no-argument constructor but has none");
    }
    try {
      return (ParityKernel) constructor.newInstance();
    } catch (IllegalAccessException e) {
      throw usage(
          "--kernel: class '"
              + nameOrClass
              + "' must be public (with a public no-argument constructor) but is not");
    } catch (InstantiationException e) {
      throw usage("--kernel: class '" + nameOrClass + "' cannot be instantiated: " + e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "--kernel: the constructor of '" + nameOrClass + "' threw " + e.getCause(), e.getCause());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(cli, message);
  }
}
