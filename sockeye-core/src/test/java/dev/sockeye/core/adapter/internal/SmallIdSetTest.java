package dev.sockeye.core.adapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallIdSetTest {

    @Test
    void addingKeepsInsertionOrderAndEqualsAnySetOfTheSameIds() {
        SmallIdSet set = SmallIdSet.EMPTY;
        Set<String> expected = new LinkedHashSet<>();
        for (int i = 0; i < 9; i++) {
            String id = "id" + i;
            set = set.plus(id);
            expected.add(id);
            assertThat(set).hasSize(i + 1).containsExactlyElementsOf(expected).isEqualTo(expected);
            assertThat(set.contains(id)).isTrue();
            assertThat(set.contains("other")).isFalse();
            assertThat(set.hashCode()).isEqualTo(expected.hashCode());
        }
    }

    @Test
    void removingFromAnyPlaceKeepsTheOthersInOrderDownToEmpty() {
        SmallIdSet set = SmallIdSet.of("a").plus("b").plus("c").plus("d");

        set = set.minus("b");
        assertThat(set).containsExactly("a", "c", "d");
        set = set.minus("d");
        assertThat(set).containsExactly("a", "c");
        set = set.minus("a");
        assertThat(set).containsExactly("c").hasSize(1);
        set = set.minus("c");
        assertThat(set).isEmpty();
        assertThat(set.contains("c")).isFalse();
        assertThat(set.plus("e")).containsExactly("e");
    }

    @Test
    void addingAnIdItHasOrRemovingOneItLacksGivesTheSameSet() {
        SmallIdSet one = SmallIdSet.of("a");
        SmallIdSet two = one.plus("b");

        assertThat(one.plus("a")).isSameAs(one);
        assertThat(two.plus("b")).isSameAs(two);
        assertThat(one.minus("z")).isSameAs(one);
        assertThat(two.minus("z")).isSameAs(two);
        assertThat(SmallIdSet.EMPTY.minus("a")).isSameAs(SmallIdSet.EMPTY);
        assertThat(one).containsExactly("a"); // sets never change
        assertThat(two).containsExactly("a", "b");
    }

    @Test
    void anIteratorPastTheEndFailsAndTheSetCannotBeChangedThroughIt() {
        for (SmallIdSet set :
                List.of(SmallIdSet.EMPTY, SmallIdSet.of("a"), SmallIdSet.of("a").plus("b"))) {
            Iterator<String> it = set.iterator();
            for (int i = 0; i < set.size(); i++) {
                assertThat(it.hasNext()).isTrue();
                it.next();
            }
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> set.add("x")).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
