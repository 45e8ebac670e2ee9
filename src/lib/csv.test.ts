import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv.ts";

const semicolon = { delimiter: ";" } as const;

describe("CSV cells", () => {
  it("neutralise formulas with a leading apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://x")', semicolon)).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1", semicolon)).toBe("'+1");
    expect(csvCell("-2+3", semicolon)).toBe("'-2+3");
    expect(csvCell("@SUM(A1)", semicolon)).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd", semicolon)).toBe("'\tcmd");
    expect(csvCell("\rcmd", semicolon)).toBe('"\'\rcmd"');
  });

  it("leave plain values alone and quote delimiters, quotes and line breaks", () => {
    expect(csvCell("Rechnungslauf", semicolon)).toBe("Rechnungslauf");
    expect(csvCell("12,500000", semicolon)).toBe("12,500000");
    expect(csvCell("12,5", { delimiter: "," })).toBe('"12,5"');
    expect(csvCell("a;b", semicolon)).toBe('"a;b"');
    expect(csvCell('Sag "Hallo"', semicolon)).toBe('"Sag ""Hallo"""');
    expect(csvCell("zwei\nZeilen", semicolon)).toBe('"zwei\nZeilen"');
    expect(csvCell(" Rand ", semicolon)).toBe('" Rand "');
  });

  it("end each line with CRLF", () => {
    expect(csvLine(["ID", "Programm", "=1"], semicolon)).toBe("ID;Programm;'=1\r\n");
  });
});
