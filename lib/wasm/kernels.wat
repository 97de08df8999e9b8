;; Float64 matrix kernels in WebAssembly with 128-bit SIMD (f64x2: two doubles per instruction).
;; The source of lib/wasm/kernels_wasm.ts: `deno task wasm` compiles this file (with npm:wabt)
;; and a test checks that the committed bytes are this file's.
;;
;; Conventions: every pointer is a byte offset into this module's memory, every stride is in
;; elements (doubles). Entry (r, c) of a matrix at P with row stride R and column stride S lives
;; at P + 8·(r·R + c·S). `accumulate` = 1 adds to C, 0 overwrites it.
;;
;; The two products cover every op(A)·op(B):
;;   gemm_nt: C[i, j] = Σ_p A[i, p]·B[j, p], rows of A and B contiguous along p (dot products);
;;   gemm_xn: C[i, j] = Σ_p A[i, p]·B[p, j], rows of B and C contiguous along j (A any strides).
;; Both keep a block of C in SIMD registers while p runs (register tiling: 4×2 dot products for
;; gemm_nt, 4, 2 or 1 rows × 4 columns for gemm_xn), so each value loaded is used several times.
;; gemm_xn also cuts p into blocks of 32 so the rows of B a block reads stay in the L2 cache.
;; Sums run two lanes at a time, so they are the reference's sums up to rounding.
(module
  (memory (export "memory") 1)

  ;; a + b's two lanes
  (func $hsum (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; *addr = v, or *addr += v
  (func $put (param $addr i32) (param $v f64) (param $accumulate i32)
    (if (local.get $accumulate)
      (then (f64.store (local.get $addr) (f64.add (f64.load (local.get $addr)) (local.get $v))))
      (else (f64.store (local.get $addr) (local.get $v)))))

  ;; Σ_{p<k} a[p]·b[p] for contiguous a, b
  (func $dot (param $a i32) (param $b i32) (param $k i32) (result f64)
    (local $acc0 v128) (local $acc1 v128) (local $p i32) (local $s f64)
    (local.set $p (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
        (local.set $acc0 (f64x2.add (local.get $acc0)
          (f64x2.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $acc1 (f64x2.add (local.get $acc1)
          (f64x2.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $loop)))
    (local.set $s (call $hsum (f64x2.add (local.get $acc0) (local.get $acc1))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_s (local.get $p) (local.get $k)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $loop)))
    (local.get $s))

  ;; C[i, j] (+)= Σ_p A[i, p]·B[j, p]; A is m×k with row stride aRow, B is n×k with row stride
  ;; bRow, both contiguous along p; C[i, j] at C + 8·(i·cRow + j·cCol).
  (func (export "gemm_nt")
    (param $m i32) (param $n i32) (param $k i32)
    (param $A i32) (param $aRow i32) (param $B i32) (param $bRow i32)
    (param $C i32) (param $cRow i32) (param $cCol i32) (param $accumulate i32)
    (local $i i32) (local $j i32) (local $p i32) (local $k2 i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 i32) (local $b1 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $y0 v128) (local $y1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $s00 f64) (local $s01 f64) (local $s10 f64) (local $s11 f64)
    (local $s20 f64) (local $s21 f64) (local $s30 f64) (local $s31 f64)
    (local $u0 f64) (local $u1 f64) (local $out i32) (local $r i32)
    (local.set $k2 (i32.and (local.get $k) (i32.const -2)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
            (local.set $a0 (i32.add (local.get $A)
              (i32.shl (i32.mul (local.get $i) (local.get $aRow)) (i32.const 3))))
            (local.set $a1 (i32.add (local.get $a0) (i32.shl (local.get $aRow) (i32.const 3))))
            (local.set $a2 (i32.add (local.get $a1) (i32.shl (local.get $aRow) (i32.const 3))))
            (local.set $a3 (i32.add (local.get $a2) (i32.shl (local.get $aRow) (i32.const 3))))
            (local.set $b0 (i32.add (local.get $B)
              (i32.shl (i32.mul (local.get $j) (local.get $bRow)) (i32.const 3))))
            (local.set $b1 (i32.add (local.get $b0) (i32.shl (local.get $bRow) (i32.const 3))))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $p (i32.const 0))
            (block $pDone
              (loop $ps
                (br_if $pDone (i32.ge_s (local.get $p) (local.get $k2)))
                (local.set $y0 (v128.load (local.get $b0)))
                (local.set $y1 (v128.load (local.get $b1)))
                (local.set $x0 (v128.load (local.get $a0)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y1))))
                (local.set $x1 (v128.load (local.get $a1)))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y1))))
                (local.set $x2 (v128.load (local.get $a2)))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x2) (local.get $y0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x2) (local.get $y1))))
                (local.set $x3 (v128.load (local.get $a3)))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x3) (local.get $y0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x3) (local.get $y1))))
                (local.set $a0 (i32.add (local.get $a0) (i32.const 16)))
                (local.set $a1 (i32.add (local.get $a1) (i32.const 16)))
                (local.set $a2 (i32.add (local.get $a2) (i32.const 16)))
                (local.set $a3 (i32.add (local.get $a3) (i32.const 16)))
                (local.set $b0 (i32.add (local.get $b0) (i32.const 16)))
                (local.set $b1 (i32.add (local.get $b1) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br $ps)))
            (local.set $s00 (call $hsum (local.get $c00))) (local.set $s01 (call $hsum (local.get $c01)))
            (local.set $s10 (call $hsum (local.get $c10))) (local.set $s11 (call $hsum (local.get $c11)))
            (local.set $s20 (call $hsum (local.get $c20))) (local.set $s21 (call $hsum (local.get $c21)))
            (local.set $s30 (call $hsum (local.get $c30))) (local.set $s31 (call $hsum (local.get $c31)))
            ;; an odd k leaves one p: a0..a3, b0, b1 point at it
            (if (i32.lt_s (local.get $k2) (local.get $k))
              (then
                (local.set $u0 (f64.load (local.get $b0)))
                (local.set $u1 (f64.load (local.get $b1)))
                (local.set $s00 (f64.add (local.get $s00) (f64.mul (f64.load (local.get $a0)) (local.get $u0))))
                (local.set $s01 (f64.add (local.get $s01) (f64.mul (f64.load (local.get $a0)) (local.get $u1))))
                (local.set $s10 (f64.add (local.get $s10) (f64.mul (f64.load (local.get $a1)) (local.get $u0))))
                (local.set $s11 (f64.add (local.get $s11) (f64.mul (f64.load (local.get $a1)) (local.get $u1))))
                (local.set $s20 (f64.add (local.get $s20) (f64.mul (f64.load (local.get $a2)) (local.get $u0))))
                (local.set $s21 (f64.add (local.get $s21) (f64.mul (f64.load (local.get $a2)) (local.get $u1))))
                (local.set $s30 (f64.add (local.get $s30) (f64.mul (f64.load (local.get $a3)) (local.get $u0))))
                (local.set $s31 (f64.add (local.get $s31) (f64.mul (f64.load (local.get $a3)) (local.get $u1))))))
            (local.set $out (i32.add (local.get $C) (i32.shl
              (i32.add (i32.mul (local.get $i) (local.get $cRow)) (i32.mul (local.get $j) (local.get $cCol)))
              (i32.const 3))))
            (local.set $r (i32.shl (local.get $cRow) (i32.const 3)))
            (call $put (local.get $out) (local.get $s00) (local.get $accumulate))
            (call $put (i32.add (local.get $out) (i32.shl (local.get $cCol) (i32.const 3))) (local.get $s01) (local.get $accumulate))
            (local.set $out (i32.add (local.get $out) (local.get $r)))
            (call $put (local.get $out) (local.get $s10) (local.get $accumulate))
            (call $put (i32.add (local.get $out) (i32.shl (local.get $cCol) (i32.const 3))) (local.get $s11) (local.get $accumulate))
            (local.set $out (i32.add (local.get $out) (local.get $r)))
            (call $put (local.get $out) (local.get $s20) (local.get $accumulate))
            (call $put (i32.add (local.get $out) (i32.shl (local.get $cCol) (i32.const 3))) (local.get $s21) (local.get $accumulate))
            (local.set $out (i32.add (local.get $out) (local.get $r)))
            (call $put (local.get $out) (local.get $s30) (local.get $accumulate))
            (call $put (i32.add (local.get $out) (i32.shl (local.get $cCol) (i32.const 3))) (local.get $s31) (local.get $accumulate))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        ;; a last odd column of this band of four rows
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $r (i32.const 0))
            (block $done
              (loop $each
                (br_if $done (i32.ge_s (local.get $r) (i32.const 4)))
                (call $put
                  (i32.add (local.get $C) (i32.shl (i32.add
                    (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $cRow))
                    (i32.mul (local.get $j) (local.get $cCol))) (i32.const 3)))
                  (call $dot
                    (i32.add (local.get $A) (i32.shl
                      (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $aRow)) (i32.const 3)))
                    (i32.add (local.get $B) (i32.shl (i32.mul (local.get $j) (local.get $bRow)) (i32.const 3)))
                    (local.get $k))
                  (local.get $accumulate))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $each)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    ;; the last m mod 4 rows, one dot product per entry
    (block $done
      (loop $restRows
        (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $restCols
            (br_if $rowDone (i32.ge_s (local.get $j) (local.get $n)))
            (call $put
              (i32.add (local.get $C) (i32.shl (i32.add
                (i32.mul (local.get $i) (local.get $cRow)) (i32.mul (local.get $j) (local.get $cCol))) (i32.const 3)))
              (call $dot
                (i32.add (local.get $A) (i32.shl (i32.mul (local.get $i) (local.get $aRow)) (i32.const 3)))
                (i32.add (local.get $B) (i32.shl (i32.mul (local.get $j) (local.get $bRow)) (i32.const 3)))
                (local.get $k))
              (local.get $accumulate))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $restCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $restRows))))

  ;; One band of rows [i, i + rows) (rows = 4, 2 or 1) and columns [j, j + 4) of gemm_xn over p in
  ;; [p0, p1): C (+)= A·B with B and C contiguous along j.
  (func $xn4
    (param $rows i32) (param $i i32) (param $j i32) (param $p0 i32) (param $p1 i32)
    (param $A i32) (param $aRow i32) (param $aCol i32) (param $B i32) (param $bRow i32)
    (param $C i32) (param $cRow i32) (param $accumulate i32)
    (local $pa i32) (local $pb i32) (local $p i32) (local $da i32) (local $db i32) (local $ar i32)
    (local $y0 v128) (local $y1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $out i32) (local $cr i32)
    (local.set $pa (i32.add (local.get $A) (i32.shl (i32.add
      (i32.mul (local.get $i) (local.get $aRow)) (i32.mul (local.get $p0) (local.get $aCol))) (i32.const 3))))
    (local.set $pb (i32.add (local.get $B) (i32.shl (i32.add
      (i32.mul (local.get $p0) (local.get $bRow)) (local.get $j)) (i32.const 3))))
    (local.set $da (i32.shl (local.get $aCol) (i32.const 3)))
    (local.set $db (i32.shl (local.get $bRow) (i32.const 3)))
    (local.set $ar (i32.shl (local.get $aRow) (i32.const 3)))
    (local.set $out (i32.add (local.get $C) (i32.shl (i32.add
      (i32.mul (local.get $i) (local.get $cRow)) (local.get $j)) (i32.const 3))))
    (local.set $cr (i32.shl (local.get $cRow) (i32.const 3)))
    (if (local.get $accumulate)
      (then
        (local.set $c00 (v128.load (local.get $out)))
        (local.set $c01 (v128.load offset=16 (local.get $out)))
        (if (i32.ge_s (local.get $rows) (i32.const 2))
          (then
            (local.set $c10 (v128.load (i32.add (local.get $out) (local.get $cr))))
            (local.set $c11 (v128.load offset=16 (i32.add (local.get $out) (local.get $cr))))))
        (if (i32.eq (local.get $rows) (i32.const 4))
          (then
            (local.set $c20 (v128.load (i32.add (local.get $out) (i32.shl (local.get $cr) (i32.const 1)))))
            (local.set $c21 (v128.load offset=16 (i32.add (local.get $out) (i32.shl (local.get $cr) (i32.const 1)))))
            (local.set $c30 (v128.load (i32.add (local.get $out) (i32.mul (local.get $cr) (i32.const 3)))))
            (local.set $c31 (v128.load offset=16 (i32.add (local.get $out) (i32.mul (local.get $cr) (i32.const 3)))))))))
    (local.set $p (local.get $p0))
    (if (i32.eq (local.get $rows) (i32.const 4))
      (then
        (block $done
          (loop $ps
            (br_if $done (i32.ge_s (local.get $p) (local.get $p1)))
            (local.set $y0 (v128.load (local.get $pb)))
            (local.set $y1 (v128.load offset=16 (local.get $pb)))
            (local.set $x (f64x2.splat (f64.load (local.get $pa))))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $y0))))
            (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $y1))))
            (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $ar)))))
            (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $y0))))
            (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $y1))))
            (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (i32.shl (local.get $ar) (i32.const 1))))))
            (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $y0))))
            (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $y1))))
            (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (i32.mul (local.get $ar) (i32.const 3))))))
            (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $y0))))
            (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $y1))))
            (local.set $pa (i32.add (local.get $pa) (local.get $da)))
            (local.set $pb (i32.add (local.get $pb) (local.get $db)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $ps)))
        (v128.store (i32.add (local.get $out) (local.get $cr)) (local.get $c10))
        (v128.store offset=16 (i32.add (local.get $out) (local.get $cr)) (local.get $c11))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $cr) (i32.const 1))) (local.get $c20))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $cr) (i32.const 1))) (local.get $c21))
        (v128.store (i32.add (local.get $out) (i32.mul (local.get $cr) (i32.const 3))) (local.get $c30))
        (v128.store offset=16 (i32.add (local.get $out) (i32.mul (local.get $cr) (i32.const 3))) (local.get $c31)))
      (else (if (i32.eq (local.get $rows) (i32.const 2))
      (then
        (block $done
          (loop $ps
            (br_if $done (i32.ge_s (local.get $p) (local.get $p1)))
            (local.set $y0 (v128.load (local.get $pb)))
            (local.set $y1 (v128.load offset=16 (local.get $pb)))
            (local.set $x (f64x2.splat (f64.load (local.get $pa))))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $y0))))
            (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $y1))))
            (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $ar)))))
            (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $y0))))
            (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $y1))))
            (local.set $pa (i32.add (local.get $pa) (local.get $da)))
            (local.set $pb (i32.add (local.get $pb) (local.get $db)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $ps)))
        (v128.store (i32.add (local.get $out) (local.get $cr)) (local.get $c10))
        (v128.store offset=16 (i32.add (local.get $out) (local.get $cr)) (local.get $c11)))
      (else
        (block $done
          (loop $ps
            (br_if $done (i32.ge_s (local.get $p) (local.get $p1)))
            (local.set $x (f64x2.splat (f64.load (local.get $pa))))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
            (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $da)))
            (local.set $pb (i32.add (local.get $pb) (local.get $db)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $ps)))))))
    (v128.store (local.get $out) (local.get $c00))
    (v128.store offset=16 (local.get $out) (local.get $c01)))

  ;; C[i, j] (+)= Σ_p A[i, p]·B[p, j]; A is m×k with strides (aRow, aCol), B is k×n with row
  ;; stride bRow, C is m×n with row stride cRow; B and C contiguous along j.
  (func (export "gemm_xn")
    (param $m i32) (param $n i32) (param $k i32)
    (param $A i32) (param $aRow i32) (param $aCol i32) (param $B i32) (param $bRow i32)
    (param $C i32) (param $cRow i32) (param $accumulate i32)
    (local $p0 i32) (local $p1 i32) (local $i i32) (local $j i32) (local $acc i32) (local $n4 i32)
    (local $p i32) (local $s f64) (local $pa i32) (local $pb i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $acc (local.get $accumulate))
    (local.set $p0 (i32.const 0))
    (block $blocksDone
      (loop $blocks
        (local.set $p1 (i32.add (local.get $p0) (i32.const 32)))
        (if (i32.gt_s (local.get $p1) (local.get $k)) (then (local.set $p1 (local.get $k))))
        (local.set $i (i32.const 0))
        (block $done
          (loop $bands
            (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
            (local.set $j (i32.const 0))
            (block $cdone
              (loop $cols
                (br_if $cdone (i32.ge_s (local.get $j) (local.get $n4)))
                (call $xn4 (i32.const 4) (local.get $i) (local.get $j) (local.get $p0) (local.get $p1)
                  (local.get $A) (local.get $aRow) (local.get $aCol) (local.get $B) (local.get $bRow)
                  (local.get $C) (local.get $cRow) (local.get $acc))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $bands)))
        (if (i32.le_s (i32.add (local.get $i) (i32.const 2)) (local.get $m))
          (then
            (local.set $j (i32.const 0))
            (block $cdone
              (loop $cols
                (br_if $cdone (i32.ge_s (local.get $j) (local.get $n4)))
                (call $xn4 (i32.const 2) (local.get $i) (local.get $j) (local.get $p0) (local.get $p1)
                  (local.get $A) (local.get $aRow) (local.get $aCol) (local.get $B) (local.get $bRow)
                  (local.get $C) (local.get $cRow) (local.get $acc))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))))
        (block $done
          (loop $rest
            (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $j (i32.const 0))
            (block $cdone
              (loop $cols
                (br_if $cdone (i32.ge_s (local.get $j) (local.get $n4)))
                (call $xn4 (i32.const 1) (local.get $i) (local.get $j) (local.get $p0) (local.get $p1)
                  (local.get $A) (local.get $aRow) (local.get $aCol) (local.get $B) (local.get $bRow)
                  (local.get $C) (local.get $cRow) (local.get $acc))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rest)))
        ;; the last n mod 4 columns, entry by entry
        (local.set $i (i32.const 0))
        (block $done
          (loop $rows
            (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $j (local.get $n4))
            (block $cdone
              (loop $cols
                (br_if $cdone (i32.ge_s (local.get $j) (local.get $n)))
                (local.set $s (f64.const 0))
                (local.set $pa (i32.add (local.get $A) (i32.shl (i32.add
                  (i32.mul (local.get $i) (local.get $aRow)) (i32.mul (local.get $p0) (local.get $aCol))) (i32.const 3))))
                (local.set $pb (i32.add (local.get $B) (i32.shl (i32.add
                  (i32.mul (local.get $p0) (local.get $bRow)) (local.get $j)) (i32.const 3))))
                (local.set $p (local.get $p0))
                (block $pdone
                  (loop $ps
                    (br_if $pdone (i32.ge_s (local.get $p) (local.get $p1)))
                    (local.set $s (f64.add (local.get $s)
                      (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                    (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $aCol) (i32.const 3))))
                    (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $bRow) (i32.const 3))))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $ps)))
                (call $put
                  (i32.add (local.get $C) (i32.shl (i32.add
                    (i32.mul (local.get $i) (local.get $cRow)) (local.get $j)) (i32.const 3)))
                  (local.get $s) (local.get $acc))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (local.set $acc (i32.const 1))
        (local.set $p0 (local.get $p1))
        (br_if $blocks (i32.lt_s (local.get $p0) (local.get $k))))))

;; G[i] ← W[i] − eta·(G[i]·scale) for i < n — the reference's step, dW = G·(1/m) then
  ;; W − η dW, written over the gradient — and 1 when every new value is finite, else 0. The
  ;; caller then swaps the roles of the two arrays, or, on 0, keeps W as it was.
  (func (export "step_into_gradient")
    (param $n i32) (param $W i32) (param $G i32) (param $eta f64) (param $scale f64) (result i32)
    (local $i i32) (local $v v128) (local $ok v128) (local $e v128) (local $s v128) (local $x f64)
    (local $tail i32)
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $s (f64x2.splat (local.get $scale)))
    (local.set $ok (v128.const i64x2 -1 -1))
    (local.set $tail (i32.const 1))
    (block $done
      (loop $each
        (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (local.set $v (f64x2.sub (v128.load (local.get $W))
          (f64x2.mul (local.get $e) (f64x2.mul (v128.load (local.get $G)) (local.get $s)))))
        (v128.store (local.get $G) (local.get $v))
        ;; v − v is 0 for finite v and NaN for ±∞ and NaN
        (local.set $ok (v128.and (local.get $ok)
          (f64x2.eq (f64x2.sub (local.get $v) (local.get $v)) (v128.const f64x2 0 0))))
        (local.set $W (i32.add (local.get $W) (i32.const 16)))
        (local.set $G (i32.add (local.get $G) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $each)))
    (if (i32.lt_s (local.get $i) (local.get $n))
      (then
        (local.set $x (f64.sub (f64.load (local.get $W))
          (f64.mul (local.get $eta) (f64.mul (f64.load (local.get $G)) (local.get $scale)))))
        (f64.store (local.get $G) (local.get $x))
        (local.set $tail (f64.eq (f64.sub (local.get $x) (local.get $x)) (f64.const 0)))))
    (i32.and (i64x2.all_true (local.get $ok)) (local.get $tail))))
