//! The byte encoding of a prepared territory: little-endian integers and floats, length-prefixed
//! strings and polygons, read back with every length checked (a short or foreign file is an
//! error, never a panic).

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// Appends values to a byte buffer.
#[derive(Default)]
pub(super) struct Encoder {
    pub bytes: Vec<u8>,
}

impl Encoder {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn f64(&mut self, v: f64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or index: every count of a territory fits in 32 bits.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("fewer than 2³² items"));
    }

    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    pub fn strs<'a>(&mut self, items: impl ExactSizeIterator<Item = &'a String>) {
        self.len(items.len());
        for s in items {
            self.str(s);
        }
    }

    /// Polygons, rings and coordinates, each list prefixed by its length.
    pub fn multi_polygon(&mut self, g: &MultiPolygon<f64>) {
        self.len(g.0.len());
        for polygon in &g.0 {
            self.len(1 + polygon.interiors().len());
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                self.len(ring.0.len());
                self.bytes.reserve(ring.0.len() * 16);
                for c in &ring.0 {
                    self.f64(c.x);
                    self.f64(c.y);
                }
            }
        }
    }

    pub fn opt_multi_polygon(&mut self, g: Option<&MultiPolygon<f64>>) {
        match g {
            Some(g) => {
                self.u8(1);
                self.multi_polygon(g);
            }
            None => self.u8(0),
        }
    }
}

/// The file ends before a value, or a value is not what the format allows.
#[derive(Debug)]
pub(super) struct Malformed(pub &'static str);

/// Reads values back from a byte slice.
pub(super) struct Decoder<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder { bytes, at: 0 }
    }

    pub fn is_at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(Malformed("the file ends early"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Malformed> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.array::<1>()?[0])
    }

    pub fn u32(&mut self) -> Result<u32, Malformed> {
        self.array().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Result<u64, Malformed> {
        self.array().map(u64::from_le_bytes)
    }

    pub fn f64(&mut self) -> Result<f64, Malformed> {
        self.array().map(f64::from_le_bytes)
    }

    pub fn len(&mut self) -> Result<usize, Malformed> {
        self.u32().map(|n| n as usize)
    }

    pub fn flag(&mut self) -> Result<bool, Malformed> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed("a flag is neither 0 nor 1")),
        }
    }

    pub fn str(&mut self) -> Result<String, Malformed> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Malformed("a text is not UTF-8"))
    }

    pub fn opt_str(&mut self) -> Result<Option<String>, Malformed> {
        Ok(if self.flag()? {
            Some(self.str()?)
        } else {
            None
        })
    }

    pub fn strs(&mut self) -> Result<Vec<String>, Malformed> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }

    pub fn multi_polygon(&mut self) -> Result<MultiPolygon<f64>, Malformed> {
        let polygons = self.len()?;
        let mut out = Vec::with_capacity(polygons.min(self.bytes.len()));
        for _ in 0..polygons {
            let rings = self.len()?;
            if rings == 0 {
                return Err(Malformed("a polygon has no ring"));
            }
            let mut read = Vec::with_capacity(rings.min(self.bytes.len()));
            for _ in 0..rings {
                let n = self.len()?;
                let bytes = self.take(n.checked_mul(16).ok_or(Malformed("too many points"))?)?;
                let coords: Vec<Coord<f64>> = bytes
                    .chunks_exact(16)
                    .map(|c| Coord {
                        x: f64::from_le_bytes(c[..8].try_into().expect("8 bytes")),
                        y: f64::from_le_bytes(c[8..].try_into().expect("8 bytes")),
                    })
                    .collect();
                if coords.iter().any(|c| !c.x.is_finite() || !c.y.is_finite()) {
                    return Err(Malformed("a vertex is not a finite number"));
                }
                read.push(LineString(coords));
            }
            let mut rings = read.into_iter();
            let exterior = rings.next().expect("one ring at least");
            out.push(Polygon::new(exterior, rings.collect()));
        }
        Ok(MultiPolygon(out))
    }

    pub fn opt_multi_polygon(&mut self) -> Result<Option<MultiPolygon<f64>>, Malformed> {
        Ok(if self.flag()? {
            Some(self.multi_polygon()?)
        } else {
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written_and_a_cut_buffer_is_an_error() {
        let square = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![(0.0, 0.0), (1.5, 0.0), (1.5, 1.5), (0.0, 0.0)]),
            vec![LineString::from(vec![
                (0.1, 0.1),
                (0.2, 0.1),
                (0.2, 0.2),
                (0.1, 0.1),
            ])],
        )]);
        let mut e = Encoder::default();
        e.str("Saint-Étienne");
        e.opt_str(None);
        e.u64(u64::MAX);
        e.f64(-0.0);
        e.opt_multi_polygon(Some(&square));
        let mut d = Decoder::new(&e.bytes);
        assert_eq!(d.str().unwrap(), "Saint-Étienne");
        assert_eq!(d.opt_str().unwrap(), None);
        assert_eq!(d.u64().unwrap(), u64::MAX);
        assert!(d.f64().unwrap().is_sign_negative());
        assert_eq!(d.opt_multi_polygon().unwrap(), Some(square));
        assert!(d.is_at_end());
        for cut in 0..e.bytes.len() {
            let mut d = Decoder::new(&e.bytes[..cut]);
            let read = (|| {
                d.str()?;
                d.opt_str()?;
                d.u64()?;
                d.f64()?;
                d.opt_multi_polygon()
            })();
            assert!(read.is_err(), "cut at {cut}");
        }
    }
}
