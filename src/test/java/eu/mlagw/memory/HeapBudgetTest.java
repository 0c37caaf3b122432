package eu.mlagw.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeapBudgetTest {
  private static final long MIB = 1 << 20;

  @Test
  void theLaunchersDefaultHeapGivesSevenTransferSlots() {
    // -Xmx128m with the serial collector: Runtime.maxMemory() reports 123.75 MiB (one survivor space less)
    HeapBudget budget = new HeapBudget((long) (123.75 * MIB), 64 * MIB, 8 * MIB);
    assertEquals(7, budget.slots());
    assertEquals(7, budget.cap(16), "the configured 16 listener slots are lowered to what fits");
    assertEquals(4, budget.cap(4), "a lower configured limit stays");
  }

  @Test
  void aLargerHeapGivesMoreSlots() {
    assertEquals(56, new HeapBudget(512 * MIB, 64 * MIB, 8 * MIB).slots());
  }

  @Test
  void aHeapBelowTheReserveStillGetsOneSlot() {
    assertEquals(1, new HeapBudget(48 * MIB, 64 * MIB, 8 * MIB).slots());
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HeapBudget(0, 64 * MIB, 8 * MIB));
    assertThrows(IllegalArgumentException.class, () -> new HeapBudget(128 * MIB, 64 * MIB, 0));
  }
}
