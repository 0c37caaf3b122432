package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Real Western Balkan names in both scripts: Serbian, Macedonian, Albanian, Bosnian, Montenegrin. */
class NameTransliteratorTest {
  private final NameTransliterator t = new NameTransliterator();

  private void check(String in, String lang, String latin, String cyrillic, String ascii) {
    NameForms f = t.forms(in, lang);
    assertEquals(in, f.original());
    assertEquals(latin, f.latin(), "latin of " + in);
    assertEquals(cyrillic, f.cyrillic(), "cyrillic of " + in);
    assertEquals(ascii, f.ascii(), "ascii of " + in);
  }

  @Test
  void serbianCyrillicNameGetsLatinAndAsciiWithDj() {
    check("Ђорђе Јовановић", null, "Đorđe Jovanović", "Ђорђе Јовановић", "Djordje Jovanovic");
  }

  @Test
  void serbianLatinNameGetsCyrillicWithDigraphs() {
    check("Đorđe Jovanović", null, "Đorđe Jovanović", "Ђорђе Јовановић", "Djordje Jovanovic");
    check("Ljubica Njegoš", null, "Ljubica Njegoš", "Љубица Његош", "Ljubica Njegos");
    check("Džemail Šćekić", null, "Džemail Šćekić", "Џемаил Шћекић", "Dzemail Scekic");
  }

  @Test
  void cyrillicDigraphLettersKeepCaseInCapitals() {
    check("Љубица Његош", null, "Ljubica Njegoš", "Љубица Његош", "Ljubica Njegos");
    check("ЉУБИЦА ЊЕГОШ", null, "LJUBICA NJEGOŠ", "ЉУБИЦА ЊЕГОШ", "LJUBICA NJEGOS");
    check("Џемаил", null, "Džemail", "Џемаил", "Dzemail");
    check("ЂУРЂЕВИЋ", null, "ĐURĐEVIĆ", "ЂУРЂЕВИЋ", "DJURDJEVIC");
  }

  @Test
  void macedonianCyrillicUsesGjKjDz() {
    check("Ѓорѓи Ќосев", "mk", "Gjorgji Kjosev", "Ѓорѓи Ќосев", "Gjorgji Kjosev");
    check("Ѕвонко Трајковски", "mk", "Dzvonko Trajkovski", "Ѕвонко Трајковски", "Dzvonko Trajkovski");
    check("Gjorgji Kjosev", "mk", "Gjorgji Kjosev", "Ѓорѓи Ќосев", "Gjorgji Kjosev");
  }

  @Test
  void albanianNamesFoldËAndÇAndUseAlbanianDigraphsForCyrillic() {
    check("Xhevdet Shkëmbi", "sq", "Xhevdet Shkëmbi", "Џевдет Шкемби", "Xhevdet Shkembi");
    check("Gjergj Çela", "sq", "Gjergj Çela", "Ђерђ Чела", "Gjergj Cela");
    check("Agron Dhrami", "sq", "Agron Dhrami", "Агрон Драми", "Agron Dhrami");
  }

  @Test
  void bosnianAndMontenegrinNames() {
    check("Hadžić Emina", null, "Hadžić Emina", "Хаџић Емина", "Hadzic Emina");
    check("Šćepan Đukanović", null, "Šćepan Đukanović", "Шћепан Ђукановић", "Scepan Djukanovic");
  }

  @Test
  void decomposedInputIsNormalisedAndSpacesCollapsed() {
    NameForms f = t.forms("  Jovanovic\u0301   Marko ");
    assertEquals("Jovanović Marko", f.original());
  }

  @Test
  void aPersonIsFoundHoweverTheNameWasTyped() {
    NameForms f = t.forms("Ђорђе Јовановић");
    for (String typed : new String[] {"Đorđe Jovanović", "djordje jovanovic", "Jovanovic", "ЈОВАНОВИЋ Ђорђе",
        "Dordje Jovanovic"}) {
      assertTrue(f.matches(typed, t), typed);
    }
    assertFalse(f.matches("Jovan", t));
    assertFalse(f.matches("", t));
  }
}
