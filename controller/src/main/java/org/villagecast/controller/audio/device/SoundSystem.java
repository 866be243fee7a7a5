package org.villagecast.controller.audio.device;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;

/**
 * The sound cards (javax.sound mixers) of the machine, by name. An interface so that tests can
 * stand in a machine with cards: the CI machine has none.
 */
interface SoundSystem {
  /** The mixers' names, in javax.sound's order. */
  List<String> mixers();

  /** Whether the named mixer can give a line of {@code type} in {@code format}. */
  boolean supports(String mixer, Class<? extends DataLine> type, AudioFormat format);

  /** A line of {@code type} in {@code format} from the named mixer, not yet opened. */
  DataLine line(String mixer, Class<? extends DataLine> type, AudioFormat format)
      throws LineUnavailableException;

  /** The real machine, through {@link AudioSystem}. */
  static SoundSystem javaxSound() {
    return new SoundSystem() {
      @Override
      public List<String> mixers() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
          names.add(info.getName());
        }
        return names;
      }

      @Override
      public boolean supports(String mixer, Class<? extends DataLine> type, AudioFormat format) {
        Mixer found = find(mixer);
        return found != null && found.isLineSupported(new DataLine.Info(type, format));
      }

      @Override
      public DataLine line(String mixer, Class<? extends DataLine> type, AudioFormat format)
          throws LineUnavailableException {
        Mixer found = find(mixer);
        if (found == null) {
          throw new LineUnavailableException("no mixer named " + mixer);
        }
        return (DataLine) found.getLine(new DataLine.Info(type, format));
      }

      private Mixer find(String name) {
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
          if (info.getName().equals(name)) {
            return AudioSystem.getMixer(info);
          }
        }
        return null;
      }
    };
  }
}
