/**
 * Sample-rate conversion to the engine rate: {@link
 * org.villagecast.controller.audio.resample.Resampler#toEngineRate}, a polyphase Kaiser-windowed
 * sinc whose passband and stopband its Javadoc states and its tests check.
 */
package org.villagecast.controller.audio.resample;
