using System.Text;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// Splits a command string into words as a POSIX shell would, without expanding anything: blanks separate words,
/// single quotes keep everything, double quotes keep all but <c>\"</c>, <c>\\</c>, <c>\$</c> and <c>\`</c>, and a backslash
/// outside quotes escapes the next character. Compose splits <c>command</c> and <c>entrypoint</c> strings this way.
/// </summary>
internal static class ShellWords
{
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    break;
                case '\\':
                    inWord = true;
                    if (++i < text.Length && text[i] != '\n')
                    {
                        word.Append(text[i]);
                    }
                    break;
                case '\'':
                    inWord = true;
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new ImportException($"unterminated single quote in \"{text}\"");
                    }
                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    i = DoubleQuoted(text, i + 1, word);
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static int DoubleQuoted(string text, int i, StringBuilder word)
    {
        for (; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                return i;
            }
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                i++;
            }
            word.Append(text[i]);
        }
        throw new ImportException($"unterminated double quote in \"{text}\"");
    }
}
