;; The word counter's fast path, 16 bytes at a step with WebAssembly SIMD: the same answer as the four-byte path
;; of `scanWords` (words.ts), which calls it on long runs of text. Compiled by `npm run wasm` into
;; wordkernel.bytes.ts (a test checks that the two agree).
;;
;; For ASCII the word automaton is a local rule: a byte starts a word exactly when
;;   it is a word character (W: a letter or digit),
;;   and the byte before is not one,
;;   and the two bytes before are not "word character, joiner (J: ' -)",
;;   and not "digit (D), digit joiner (DJ: . ,)" when it is a digit itself.
;; Each 16-byte block is classified with two nibble lookups (i8x16.swizzle on the low and the high four bits),
;; each class becomes a 16-bit mask (i8x16.bitmask), and the rule runs on the masks, with the two bytes before
;; the block carried over from the previous one.
;;
;; The run stops before the first byte the automaton must see one at a time: a newline, one of the Markdown
;; scanner's special characters (# $ % < [ \ ] `), or any non-ASCII byte. It also stops when fewer than 16
;; bytes are left.
;;
;; Memory: bytes 0-3 hold the number of word starts found, added to on every call (the caller reads and clears
;; it); the text lives from byte 16 on.
(module
  (memory (export "memory") 1)

  ;; count(from, to, context) → where it stopped. `context` gives the two bytes before `from` as classes:
  ;; bits 0-1 W (bit 0 the older), bits 2-3 D, bits 4-5 J, bits 6-7 DJ.
  (func (export "count") (param $p i32) (param $end i32) (param $context i32) (result i32)
    (local $v v128) (local $lo v128) (local $hi v128) (local $c v128) (local $c2 v128)
    (local $w i32) (local $d i32) (local $j i32) (local $dj i32) (local $exit i32)
    (local $starts i32) (local $n i32)
    ;; The class masks of the two bytes before the block, in bits 0-1.
    (local $pw i32) (local $pd i32) (local $pj i32) (local $pdj i32)
    (local.set $pw (i32.and (local.get $context) (i32.const 3)))
    (local.set $pd (i32.and (i32.shr_u (local.get $context) (i32.const 2)) (i32.const 3)))
    (local.set $pj (i32.and (i32.shr_u (local.get $context) (i32.const 4)) (i32.const 3)))
    (local.set $pdj (i32.and (i32.shr_u (local.get $context) (i32.const 6)) (i32.const 3)))
    (block $done
      (loop $block
        (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $p)))
        (local.set $lo (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
        (local.set $hi (i8x16.shr_u (local.get $v) (i32.const 4)))
        ;; Bytes that stop the run. A byte is in the set when the bits of its low and high nibble meet:
        ;;   1: 0x0a (newline)    2: 0x23-0x25 (# $ %)    4: 0x3c (<)    8: 0x5b-0x5d ([ \ ])
        ;;   16: 0x60 (`)         32: 0x80-0xff (not ASCII)
        ;; (Adding 127 with saturation sets the top bit of every byte that is not 0, and i8x16.bitmask takes
        ;; the top bits.)
        (local.set $exit (i8x16.bitmask (i8x16.add_sat_u
          (v128.and
            (i8x16.swizzle (v128.const i8x16 48 32 32 34 34 34 32 32 32 32 33 40 44 40 32 32) (local.get $lo))
            (i8x16.swizzle (v128.const i8x16 1 0 2 4 0 8 16 0 32 32 32 32 32 32 32 32) (local.get $hi)))
          (v128.const i8x16 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127))))
        ;; Classes, the same way, each byte in one at most:
        ;;   1: letters 0x41-0x4f and 0x61-0x6f    2: letters 0x50-0x5a and 0x70-0x7a    32: digits 0x30-0x39
        ;;   64: joiners 0x27 0x2d (' -)           128: digit joiners 0x2c 0x2e (, .)
        (local.set $c (v128.and
          (i8x16.swizzle (v128.const i8x16 34 35 35 35 35 35 35 99 35 35 3 1 129 65 129 1) (local.get $lo))
          (i8x16.swizzle (v128.const i8x16 0 0 192 32 1 2 1 2 0 0 0 0 0 0 0 0) (local.get $hi))))
        (local.set $c2 (i8x16.add (local.get $c) (local.get $c)))
        ;; Each class as a mask of the block's bytes (bit i for byte i; adding a vector to itself moves each
        ;; byte's bits up by one), shifted up by two, with the two bytes before the block below: bit i + 2 is
        ;; byte i. A word character is any class but the joiners.
        (local.set $dj (i8x16.bitmask (local.get $c)))
        (local.set $j (i8x16.bitmask (local.get $c2)))
        (local.set $w (i32.and
          (i8x16.bitmask (i8x16.add_sat_u (local.get $c)
            (v128.const i8x16 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127)))
          (i32.xor (i32.or (local.get $j) (local.get $dj)) (i32.const -1))))
        (local.set $w (i32.or (local.get $pw) (i32.shl (local.get $w) (i32.const 2))))
        (local.set $d (i32.or (local.get $pd) (i32.shl (i8x16.bitmask (i8x16.add (local.get $c2) (local.get $c2))) (i32.const 2))))
        (local.set $j (i32.or (local.get $pj) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $dj (i32.or (local.get $pdj) (i32.shl (local.get $dj) (i32.const 2))))
        ;; Word starts, bit i for byte i: W(i) and not W(i-1), not J(i-1) W(i-2), not D(i) DJ(i-1) D(i-2).
        (local.set $starts
          (i32.and (i32.shr_u (local.get $w) (i32.const 2))
            (i32.xor (i32.const -1)
              (i32.or (i32.shr_u (local.get $w) (i32.const 1))
                (i32.or (i32.and (i32.shr_u (local.get $j) (i32.const 1)) (local.get $w))
                  (i32.and (i32.shr_u (local.get $d) (i32.const 2))
                    (i32.and (i32.shr_u (local.get $dj) (i32.const 1)) (local.get $d))))))))
        (if (local.get $exit)
          (then
            ;; Only the bytes before the first stopping byte count (their starts depend on no later byte).
            (local.set $exit (i32.ctz (local.get $exit)))
            (local.set $n (i32.add (local.get $n) (i32.popcnt (i32.and (local.get $starts)
              (i32.sub (i32.shl (i32.const 1) (local.get $exit)) (i32.const 1))))))
            (local.set $p (i32.add (local.get $p) (local.get $exit)))
            (br $done)))
        (local.set $n (i32.add (local.get $n) (i32.popcnt (local.get $starts))))
        (local.set $pw (i32.shr_u (local.get $w) (i32.const 16)))
        (local.set $pd (i32.shr_u (local.get $d) (i32.const 16)))
        (local.set $pj (i32.shr_u (local.get $j) (i32.const 16)))
        (local.set $pdj (i32.shr_u (local.get $dj) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $block)))
    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get $n)))
    (local.get $p))
)
