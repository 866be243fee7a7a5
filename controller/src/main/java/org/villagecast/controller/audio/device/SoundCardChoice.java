package org.villagecast.controller.audio.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.SourceDataLine;

/**
 * Picks the mixer and the PCM format for a line: by the configured name (whole or part, any case),
 * or the first mixer that can, in the first format it takes of 48 kHz mono, 48 kHz stereo, 44.1 kHz
 * mono, 44.1 kHz stereo, all 16-bit little-endian (48 kHz is the engine's own rate; many cards
 * offer stereo only; a few only 44.1 kHz).
 *
 * @param mixer the chosen mixer's full name
 * @param format the format its line will be opened in
 */
record SoundCardChoice(String mixer, AudioFormat format) {
  /** The formats tried, best first. */
  static final List<AudioFormat> FORMATS =
      List.of(pcm(48_000, 1), pcm(48_000, 2), pcm(44_100, 1), pcm(44_100, 2));

  static AudioFormat pcm(int rate, int channels) {
    return new AudioFormat(rate, 16, channels, true, false);
  }

  /**
   * The mixer and format for a line of {@code type}.
   *
   * @throws SoundDeviceException when there is no such card, the name matches none or several, or
   *     the card takes none of the formats; the message lists the cards that can
   */
  static SoundCardChoice choose(SoundSystem system, String wanted, Class<? extends DataLine> type)
      throws SoundDeviceException {
    boolean output = type == SourceDataLine.class;
    String kind = output ? "output" : "input";
    String key = output ? "audio.output.mixer" : "audio.input.mixer";
    String verb = output ? "play" : "record";
    List<String> all = system.mixers();
    List<String> capable = new ArrayList<>();
    for (String mixer : all) {
      if (format(system, mixer, type) != null) {
        capable.add(mixer);
      }
    }
    if (wanted.isEmpty()) {
      if (capable.isEmpty()) {
        throw new SoundDeviceException(
            all.isEmpty()
                ? "no sound card "
                    + kind
                    + ": this machine has none (javax.sound lists no mixer); install one, or"
                    + " check that the hub's user may use the sound devices (group 'audio')"
                : "no sound card here can "
                    + verb
                    + " 16-bit PCM at 48 or 44.1 kHz; the mixers are "
                    + quoted(all));
      }
      String mixer = capable.get(0);
      return new SoundCardChoice(mixer, format(system, mixer, type));
    }
    List<String> named = matching(all, wanted);
    if (named.isEmpty()) {
      throw new SoundDeviceException(
          "no sound card "
              + kind
              + " named '"
              + wanted
              + "'; "
              + (capable.isEmpty()
                  ? "this machine has no sound card "
                      + kind
                      + " at all (javax.sound lists "
                      + (all.isEmpty() ? "no mixer)" : "only " + quoted(all) + ")")
                  : kind
                      + "s on this machine: "
                      + quoted(capable)
                      + " (set "
                      + key
                      + " to one of them)"));
    }
    if (named.size() > 1) {
      throw new SoundDeviceException(
          "'"
              + wanted
              + "' matches several sound cards: "
              + quoted(named)
              + "; set "
              + key
              + " to the whole name of one");
    }
    String mixer = named.get(0);
    AudioFormat format = format(system, mixer, type);
    if (format == null) {
      throw new SoundDeviceException(
          "the sound card '"
              + mixer
              + "' cannot "
              + verb
              + " 16-bit PCM at 48 or 44.1 kHz"
              + (capable.isEmpty() ? "" : "; " + kind + "s that can: " + quoted(capable)));
    }
    return new SoundCardChoice(mixer, format);
  }

  /** Frames per second of the chosen format. */
  int rate() {
    return (int) format.getSampleRate();
  }

  int channels() {
    return format.getChannels();
  }

  /** "PCH [plughw:0,0], 48000 Hz stereo": for logs and the console. */
  String describe() {
    return mixer + ", " + rate() + " Hz " + (channels() == 1 ? "mono" : "stereo");
  }

  private static AudioFormat format(
      SoundSystem system, String mixer, Class<? extends DataLine> type) {
    for (AudioFormat format : FORMATS) {
      if (system.supports(mixer, type, format)) {
        return format;
      }
    }
    return null;
  }

  private static List<String> matching(List<String> mixers, String wanted) {
    String lower = wanted.toLowerCase(Locale.ROOT);
    for (String mixer : mixers) {
      if (mixer.equalsIgnoreCase(wanted)) {
        return List.of(mixer);
      }
    }
    return mixers.stream()
        .filter(mixer -> mixer.toLowerCase(Locale.ROOT).contains(lower))
        .collect(Collectors.toList());
  }

  private static String quoted(List<String> names) {
    return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
  }
}
