package eu.mlagw.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md, enforced on the compiled main code. */
class LayeringTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("eu.mlagw");
  }

  @Test
  void bouncyCastleOnlyInCrypto() {
    noClasses().that().resideOutsideOfPackage("eu.mlagw.crypto..")
        .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
        .because("crypto/ is the only package that imports Bouncy Castle").check(main);
  }

  @Test
  void camelOnlyInRoutingAndTransport() {
    noClasses().that().resideOutsideOfPackages("eu.mlagw.routing..", "eu.mlagw.transport..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
        .because("beans hold the logic and know nothing of Camel; routing/ wires them").check(main);
  }

  @Test
  void cxfOnlyInTransport() {
    noClasses().that().resideOutsideOfPackage("eu.mlagw.transport..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.cxf..")
        .because("transport/ is the only package that speaks the peer protocol").check(main);
  }

  @Test
  void configDependsOnNothingAbove() {
    noClasses().that().resideInAPackage("eu.mlagw.config..")
        .should().dependOnClassesThat().resideInAnyPackage("eu.mlagw.crypto..", "eu.mlagw.pkg..", "eu.mlagw.cli..")
        .check(main);
  }

  @Test
  void directoryDependsOnlyOnConfigAndErrors() {
    classes().that().resideInAPackage("eu.mlagw.directory..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("eu.mlagw.directory..", "eu.mlagw.config..",
            "eu.mlagw.error..", "java..")
        .because("DESIGN.md: directory/ sits at the bottom with config/; key material stays in crypto/").check(main);
  }

  @Test
  void configAndDirectoryKnowNoKeysOrRouting() {
    noClasses().that().resideInAnyPackage("eu.mlagw.config..", "eu.mlagw.directory..")
        .should().dependOnClassesThat().resideInAnyPackage("eu.mlagw.crypto..", "eu.mlagw.routing..",
            "eu.mlagw.transport..", "eu.mlagw.cli..")
        .check(main);
  }

  @Test
  void cryptoKnowsNothingOfRoutingTransportOrCli() {
    noClasses().that().resideInAPackage("eu.mlagw.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage("eu.mlagw.routing..", "eu.mlagw.transport..",
            "eu.mlagw.cli..")
        .because("dependencies point cli/routing/transport -> crypto -> config/directory").check(main);
  }

  @Test
  void onlyTheCliKnowsTheCli() {
    noClasses().that().resideOutsideOfPackage("eu.mlagw.cli..")
        .should().dependOnClassesThat().resideInAPackage("eu.mlagw.cli..").check(main);
    noClasses().that().resideOutsideOfPackage("eu.mlagw.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..").check(main);
  }

  @Test
  void cryptoDoesNotReachIntoPackages() {
    noClasses().that().resideInAPackage("eu.mlagw.crypto..")
        .should().dependOnClassesThat().resideInAPackage("eu.mlagw.pkg..").check(main);
  }

  @Test
  void pdfBoxOnlyInPdf() {
    noClasses().that().resideOutsideOfPackage("eu.mlagw.pdf..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.pdfbox..")
        .because("pdf/ is the only package that reads or writes PDFs").check(main);
  }

  @Test
  void hazelcastOnlyInTheClusteredStoreAndRouting() {
    noClasses().that().resideOutsideOfPackages("eu.mlagw.audit.hazelcast..", "eu.mlagw.routing..")
        .should().dependOnClassesThat().resideInAPackage("com.hazelcast..")
        .because("audit/hazelcast owns the cluster; routing/ uses its maps for idempotent delivery").check(main);
  }

  @Test
  void metadataDoesNotReadPdfs() {
    noClasses().that().resideInAPackage("eu.mlagw.metadata..")
        .should().dependOnClassesThat().resideInAPackage("eu.mlagw.pdf..")
        .because("pdf/ renders metadata; metadata/ sees forms only through FormFields").check(main);
  }

  @Test
  void icuOnlyInMetadata() {
    noClasses().that().resideOutsideOfPackage("eu.mlagw.metadata..")
        .should().dependOnClassesThat().resideInAPackage("com.ibm.icu..")
        .because("metadata/ owns translation and transliteration").check(main);
  }

  @Test
  void operationsSeeTheNodeOnlyThroughWhatItIsHanded() {
    noClasses().that().resideInAPackage("eu.mlagw.ops..")
        .should().dependOnClassesThat().resideInAnyPackage("eu.mlagw.routing..", "eu.mlagw.transport..",
            "org.apache.camel..", "com.hazelcast..")
        .because("ops/ (health, metrics, alerts) is handed checks and gauges by the node; routing/ wires it").check(main);
    noClasses().that().resideOutsideOfPackages("eu.mlagw.ops..", "eu.mlagw.routing..")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .because("metrics are made in ops/ and wired (Camel's route metrics) in routing/").check(main);
  }

  @Test
  void theConsoleSeesTheNodeOnlyThroughWhatItIsHanded() {
    noClasses().that().resideInAPackage("eu.mlagw.console..")
        .should().dependOnClassesThat().resideInAnyPackage("eu.mlagw.routing..", "eu.mlagw.transport..",
            "eu.mlagw.pkg..", "eu.mlagw.pdf..", "org.apache.camel..", "com.hazelcast..")
        .because("console/ is handed an ExchangeDesk, the monitoring and the auditor service; routing/ wires it")
        .check(main);
    noClasses().that().resideOutsideOfPackages("eu.mlagw.console..", "eu.mlagw.transport..")
        .should().dependOnClassesThat().resideInAPackage("io.undertow..")
        .because("Undertow serves the console (console/) and carries CXF (transport/)").check(main);
  }
}
