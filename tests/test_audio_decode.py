"""decode_audio: real files in, the engine's clip layout out, clear errors for bad files."""
import numpy as np
import pytest
import soundfile

from fluxforge.audio_decode import AudioFileError, decode_audio


@pytest.mark.parametrize("channels", [1, 2])
def test_decodes_to_read_only_float32_frames_by_channels(write_audio, channels):
    path, samples = write_audio("clip.wav", 1000, channels=channels)
    decoded = decode_audio(path, 48000)
    assert decoded.dtype == np.float32 and decoded.flags.c_contiguous
    assert not decoded.flags.writeable
    np.testing.assert_array_equal(decoded, samples)


@pytest.mark.parametrize("file_rate_hz, engine_rate_hz", [(44100, 48000), (48000, 44100)])
def test_resamples_to_the_engine_rate(write_audio, file_rate_hz, engine_rate_hz):
    path, _ = write_audio("clip.wav", file_rate_hz // 2, samplerate_hz=file_rate_hz)
    decoded = decode_audio(path, engine_rate_hz)
    assert abs(decoded.shape[0] - engine_rate_hz // 2) <= 1
    assert decoded.shape[1] == 2


def test_a_resampled_sine_keeps_its_frequency(tmp_path):
    t = np.arange(44100) / 44100
    soundfile.write(tmp_path / "sine.wav", 0.5 * np.sin(2 * np.pi * 1000 * t), 44100,
                    subtype="FLOAT")
    decoded = decode_audio(tmp_path / "sine.wav", 48000)[:, 0]
    expected = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(decoded.size) / 48000)
    middle = slice(1000, -1000)
    np.testing.assert_allclose(decoded[middle], expected[middle], atol=2e-3)


def test_corrupt_file_raises_a_clear_error(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + bytes(100))
    with pytest.raises(AudioFileError, match="cannot decode .*bad.wav"):
        decode_audio(bad, 48000)


def test_truncated_file_is_detected(write_audio, tmp_path):
    _, samples = write_audio("whole.wav", 48000)
    path = tmp_path / "cut.flac"
    soundfile.write(path, samples, 48000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(AudioFileError, match="cannot decode .*cut.flac"):
        decode_audio(path, 48000)


def test_missing_file_and_bad_arguments(tmp_path, write_audio):
    with pytest.raises(FileNotFoundError, match="nothere.wav"):
        decode_audio(tmp_path / "nothere.wav", 48000)
    with pytest.raises(TypeError, match="path"):
        decode_audio(42, 48000)
    path, _ = write_audio("ok.wav", 10)
    with pytest.raises(ValueError, match="samplerate_hz"):
        decode_audio(path, 0)
    with pytest.raises(TypeError, match="samplerate_hz"):
        decode_audio(path, "48000")


def test_more_than_two_channels_is_refused(write_audio):
    path, _ = write_audio("surround.wav", 100, channels=6)
    with pytest.raises(AudioFileError, match="6 channels"):
        decode_audio(path, 48000)
