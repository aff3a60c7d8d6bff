using System.Text;

namespace Portal.Core.Mfa;

/// <summary>
/// RFC 4648 §6 base32 (alphabet A–Z, 2–7), the encoding authenticator apps expect for TOTP secrets
/// (Key Uri Format). Encodes without padding; decodes what a person types or pastes: lower case,
/// spaces and trailing '=' padding are accepted, anything else is a <see cref="FormatException"/>.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int BitsPerChar = 5;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var output = new StringBuilder((data.Length * 8 + BitsPerChar - 1) / BitsPerChar);
        var buffer = 0;
        var bitsInBuffer = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bitsInBuffer += 8;
            while (bitsInBuffer >= BitsPerChar)
            {
                bitsInBuffer -= BitsPerChar;
                output.Append(Alphabet[(buffer >> bitsInBuffer) & 0x1F]);
                buffer &= (1 << bitsInBuffer) - 1;
            }
        }

        if (bitsInBuffer > 0)
        {
            output.Append(Alphabet[(buffer << (BitsPerChar - bitsInBuffer)) & 0x1F]);
        }

        return output.ToString();
    }

    /// <exception cref="FormatException">
    /// A character outside the alphabet, '=' before the end, a length no encoder produces
    /// (1, 3 or 6 characters modulo 8), or non-zero unused trailing bits (RFC 4648 §3.5): a mistyped
    /// last character is reported instead of silently decoding to a different secret.
    /// </exception>
    public static byte[] Decode(string text)
    {
        var symbols = Canonical(text);
        var remainder = symbols.Length % 8;
        if (remainder is 1 or 3 or 6)
        {
            throw new FormatException("Base32 text has an impossible length.");
        }

        var output = new byte[symbols.Length * BitsPerChar / 8];
        var buffer = 0;
        var bitsInBuffer = 0;
        var index = 0;
        foreach (var symbol in symbols)
        {
            buffer = (buffer << BitsPerChar) | Alphabet.IndexOf(symbol, StringComparison.Ordinal);
            bitsInBuffer += BitsPerChar;
            if (bitsInBuffer >= 8)
            {
                bitsInBuffer -= 8;
                output[index++] = (byte)(buffer >> bitsInBuffer);
                buffer &= (1 << bitsInBuffer) - 1;
            }
        }

        if (buffer != 0)
        {
            throw new FormatException("Base32 text has non-zero trailing bits.");
        }

        return output;
    }

    /// <summary>"JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", for people who type the secret by hand.</summary>
    public static string FormatForTyping(string base32)
    {
        var symbols = Canonical(base32);
        var output = new StringBuilder(symbols.Length + symbols.Length / 4);
        for (var i = 0; i < symbols.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                output.Append(' ');
            }

            output.Append(symbols[i]);
        }

        return output.ToString();
    }

    /// <summary>Upper case, without whitespace and trailing padding; throws on anything else.</summary>
    private static string Canonical(string text)
    {
        var output = new StringBuilder(text.Length);
        var padding = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (c == '=')
            {
                padding = true;
                continue;
            }

            // ASCII only: char.ToUpperInvariant would turn 'ı' (dotless i) into 'I' and accept it.
            var upper = char.IsAsciiLetterLower(c) ? (char)(c - 'a' + 'A') : c;
            if (padding || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                throw new FormatException(padding
                    ? "Base32 padding '=' may only appear at the end."
                    : "Base32 text contains a character outside A–Z and 2–7.");
            }

            output.Append(upper);
        }

        return output.ToString();
    }
}
