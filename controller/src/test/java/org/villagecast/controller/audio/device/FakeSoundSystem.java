package org.villagecast.controller.audio.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.SourceDataLine;

/**
 * A machine with the sound cards a test describes: each mixer plays and records the formats given.
 * No sound card can exist on the CI machine.
 */
final class FakeSoundSystem implements SoundSystem {
  private record Card(List<AudioFormat> plays, List<AudioFormat> records) {}

  private final Map<String, Card> cards = new LinkedHashMap<>();
  final List<DataLine> opened = new ArrayList<>();

  FakeSoundSystem card(String name, List<AudioFormat> plays, List<AudioFormat> records) {
    cards.put(name, new Card(plays, records));
    return this;
  }

  @Override
  public List<String> mixers() {
    return new ArrayList<>(cards.keySet());
  }

  @Override
  public boolean supports(String mixer, Class<? extends DataLine> type, AudioFormat format) {
    Card card = cards.get(mixer);
    if (card == null) {
      return false;
    }
    List<AudioFormat> formats = type == SourceDataLine.class ? card.plays : card.records;
    return formats.stream().anyMatch(format::matches);
  }

  @Override
  public DataLine line(String mixer, Class<? extends DataLine> type, AudioFormat format) {
    if (!supports(mixer, type, format)) {
      throw new AssertionError("asked " + mixer + " for a line it does not have: " + format);
    }
    DataLine line =
        type == SourceDataLine.class ? new FakeSourceDataLine() : new FakeTargetDataLine();
    opened.add(line);
    return line;
  }
}
