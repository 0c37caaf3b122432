package eu.mlagw.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import picocli.CommandLine;

/**
 * Creates the command objects of the command line: classes with a no-argument constructor (commands,
 * mixins, converters) directly; anything else (an interface such as a {@code List} option's collection)
 * through picocli's own factory.
 *
 * <p>Why not picocli's default factory for everything: its class initialisation probes for Groovy
 * ({@code Class.forName("groovy.lang.Closure")}), a class that is not there, so the class loader opens
 * and searches every one of the ~100 jars of the class path — about 90 ms of every start, even for
 * {@code --help} (docs/performance.md, "Start-up"). This factory reaches the default one only when a
 * command needs it, and so pays that search only then.
 */
final class CommandFactory implements CommandLine.IFactory {
  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
      Constructor<K> constructor;
      try {
        constructor = type.getDeclaredConstructor();
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
      constructor.setAccessible(true);
      return constructor.newInstance();
    }
    return CommandLine.defaultFactory().create(type);
  }
}
