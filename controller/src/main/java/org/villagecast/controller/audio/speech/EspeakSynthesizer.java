package org.villagecast.controller.audio.speech;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Speech from the espeak-ng program, one process per synthesis. Chinese text is first rewritten by
 * {@link ChineseReadingNormalizer} so that numbers, dates and times are read in Mandarin.
 *
 * <p>The text goes to the process on its standard input, never on its command line, so no text can
 * be taken for an option and no length limit of the command line applies. Audio comes back as
 * 16-bit mono WAV at espeak-ng's rate (22,050 Hz) on standard output. Thread-safe: every call has
 * its own process.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {
  /** espeak-ng's speed at normal rate, in words per minute (its own default). */
  private static final int NORMAL_WORDS_PER_MINUTE = 175;

  private final EspeakConfig config;

  public EspeakSynthesizer(EspeakConfig config) {
    this.config = config;
  }

  public EspeakSynthesizer() {
    this(EspeakConfig.DEFAULT);
  }

  /**
   * Checks that espeak-ng runs and has the Mandarin voice, for a clear message at hub start.
   *
   * @throws SpeechException saying what is missing and how to install it
   */
  public void checkAvailable() {
    synthesize(new SpeechRequest("一", Voice.MANDARIN, SpeechRequest.NORMAL_RATE, 50));
  }

  @Override
  public PcmAudio synthesize(SpeechRequest request) {
    Voice voice = request.voice().resolve(request.text());
    String text =
        voice == Voice.MANDARIN
            ? ChineseReadingNormalizer.normalize(request.text())
            : request.text();
    List<String> command =
        List.of(
            config.executable(),
            "-v",
            voice == Voice.MANDARIN ? config.mandarinVoice() : config.englishVoice(),
            "-s",
            Integer.toString(NORMAL_WORDS_PER_MINUTE * request.rate() / 100),
            "-p",
            Integer.toString(Math.min(99, request.pitch())),
            "-b",
            "1",
            "--stdin",
            "--stdout");
    return EspeakWav.read(run(command, text));
  }

  private byte[] run(List<String> command, String text) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new SpeechException(
          "Text-to-speech is not available: cannot run '"
              + config.executable()
              + "'. Install it with: apt-get install espeak-ng",
          e);
    }
    try {
      CompletableFuture<byte[]> stdout = drain(process.getInputStream());
      CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The process ended before reading its input; its exit code and message say why.
      }
      if (!process.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new SpeechException(
            "Text-to-speech did not finish within " + config.timeout().toMillis() + " ms");
      }
      byte[] audio = stdout.join();
      String message = firstLine(stderr.join());
      if (process.exitValue() != 0) {
        throw new SpeechException(
            "Text-to-speech failed: espeak-ng exited with "
                + process.exitValue()
                + (message.isEmpty() ? "" : " (" + message + ")"));
      }
      return audio;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SpeechException("Text-to-speech was interrupted", e);
    } catch (CompletionException e) {
      process.destroyForcibly();
      throw new SpeechException("Text-to-speech failed reading espeak-ng's output", e);
    }
  }

  private static String firstLine(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end).strip();
  }

  /** Reads a pipe to its end on a thread of its own, so that a full pipe never stalls espeak. */
  private static CompletableFuture<byte[]> drain(InputStream in) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                result.complete(out.toByteArray());
              } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "espeak-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
