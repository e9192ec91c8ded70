//! Bytes of a file -> text: gzip undone, byte-order marks honoured, UTF-8
//! preferred, and legacy encodings (a declared charset, else a guess) decoded,
//! so "Café" stays "Café" and invalid bytes never fail a run.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::ExtractError;

/// Binary files show NUL bytes early; text (other than UTF-16) never has them.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Where a charset declaration (`<meta charset>`, `<?xml encoding?>`) must appear.
const DECLARATION_SNIFF_LEN: usize = 2048;

/// The most a compressed file may expand to; more is refused rather than
/// letting a small `.gz` fill memory. As much as an uncompressed file is read
/// ([`MAX_FILE_BYTES`](crate::limits::MAX_FILE_BYTES)).
pub const MAX_DECOMPRESSED_BYTES: u64 = crate::limits::MAX_FILE_BYTES;

/// The bytes with gzip compression undone when the content is gzip (by its
/// magic number, whatever the file is called).
pub(crate) fn gunzip(bytes: &[u8]) -> Result<Cow<'_, [u8]>, ExtractError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    decoder
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Malformed {
            format: "gzip",
            reason: e.to_string(),
        })?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(ExtractError::TooLarge {
            limit: MAX_DECOMPRESSED_BYTES,
        });
    }
    Ok(Cow::Owned(out))
}

/// Decodes text: a BOM decides; else valid UTF-8 is taken as is; else the
/// encoding the content declares; else the most likely legacy encoding.
/// Line ends become `\n`.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            text
        }
        None => {
            let head = bytes.get(..BINARY_SNIFF_LEN).unwrap_or(bytes);
            if head.contains(&0) {
                return Err(ExtractError::Binary);
            }
            match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => legacy_encoding(bytes).decode_without_bom_handling(bytes).0,
            }
        }
    };
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    })
}

/// Below this many non-ASCII bytes the guesser has too little to go on: one
/// "£" reads as "Ł" in Central European encodings just as well.
const MIN_EVIDENCE_BYTES: usize = 16;

/// The charset the content declares, if it names a real one; else a guess
/// from the bytes, or Windows-1252 (a superset of Latin-1, the most common
/// legacy encoding of news text) when there is too little to guess from.
fn legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let head = bytes.get(..DECLARATION_SNIFF_LEN).unwrap_or(bytes);
    // A declared UTF-8 or UTF-16 is wrong here: the bytes did not decode as such.
    let declared = declared_charset(head)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .filter(|e| ![UTF_8, UTF_16LE, UTF_16BE].contains(e));
    declared.unwrap_or_else(|| {
        if bytes.iter().filter(|b| !b.is_ascii()).count() < MIN_EVIDENCE_BYTES {
            return encoding_rs::WINDOWS_1252;
        }
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    })
}

/// `charset=...` from a `<meta>` tag or `encoding="..."` from an XML declaration.
fn declared_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    ["charset=", "encoding="].iter().find_map(|key| {
        let at = head.find(key)? + key.len();
        let value: String = head[at..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        (!value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_decodes() {
        assert_eq!(decode("Café\n".as_bytes()).unwrap(), "Café\n");
        assert_eq!(decode(b"\xEF\xBB\xBFCaf\xC3\xA9").unwrap(), "Café");
    }

    #[test]
    fn utf16_with_bom_decodes_despite_its_nul_bytes() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Café news".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), "Café news");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Café news".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), "Café news");
    }

    #[test]
    fn latin1_text_is_recognised_and_decoded() {
        let latin1 = b"Caf\xE9 owners in M\xFCnchen protest the na\xEFve plan, \xAB non \xBB says the mayor.";
        let text = decode(latin1).unwrap();
        assert!(text.starts_with("Café owners in München"), "{text}");
    }

    #[test]
    fn a_single_latin1_pound_sign_stays_a_pound_sign() {
        let text = decode(b"Chelsea sack Mutu\n\nA \xA315.8m signing from Parma.").unwrap();
        assert!(text.contains("£15.8m"), "{text}");
    }

    #[test]
    fn central_european_text_with_enough_evidence_is_guessed() {
        // Polish in ISO-8859-2: many letters only that encoding has.
        let polish = "Zażółć gęślą jaźń. Łódź i Kraków świętują, a pociągi jeżdżą punktualnie.";
        let (bytes, _, _) = encoding_rs::ISO_8859_2.encode(polish);
        let text = decode(&bytes).unwrap();
        assert!(text.contains("Łódź"), "{text}");
    }

    #[test]
    fn declared_charset_is_honoured() {
        let html =
            b"<html><head><meta charset=\"iso-8859-15\"></head><body>Prix: 5 \xA4</body></html>";
        assert!(decode(html).unwrap().contains("5 €"));
    }

    #[test]
    fn nul_bytes_mean_binary_and_whitespace_means_empty() {
        assert_eq!(decode(b"Title\0body"), Err(ExtractError::Binary));
        assert_eq!(decode(b" \n\t "), Err(ExtractError::Empty));
        assert_eq!(decode(b""), Err(ExtractError::Empty));
    }

    #[test]
    fn line_ends_become_newlines() {
        assert_eq!(decode(b"a\r\nb\rc").unwrap(), "a\nb\nc");
    }

    #[test]
    fn gzip_is_undone_by_content_not_name() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"Title\n\nBody").unwrap();
        let gz = encoder.finish().unwrap();
        assert_eq!(&*gunzip(&gz).unwrap(), b"Title\n\nBody");
        assert_eq!(&*gunzip(b"plain").unwrap(), b"plain");
        assert!(matches!(
            gunzip(&gz[..gz.len() / 2]),
            Err(ExtractError::Malformed { .. })
        ));
    }
}
