# What cmake/embed_assets.cmake and cmake/embed_stopwords.cmake share: a file's bytes as a C++
# array, and writing a generated source only when it changed.

# Appends to the variable named ARRAYS the definition of a byte array NAME holding the bytes of
# the file PATH (and a 0 after them), and sets the variable named SIZE to their number. Bytes,
# not string literals, so that no file content can end one.
# (The parameters have names no caller uses: a function sees its caller's variables, and a
# parameter named like one would hide it.)
function(embed_file_bytes _efb_path _efb_name _efb_arrays _efb_size)
  file(READ "${_efb_path}" hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR n "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  set(${_efb_arrays} "${${_efb_arrays}}const unsigned char ${_efb_name}[] = {\n${bytes}0x00};\n"
      PARENT_SCOPE)
  set(${_efb_size} ${n} PARENT_SCOPE)
endfunction()

# Writes CONTENT to OUT unless OUT already holds it, so that an unchanged input recompiles
# nothing.
function(write_if_changed _wic_out _wic_content)
  set(old "")
  if(EXISTS "${_wic_out}")
    file(READ "${_wic_out}" old)
  endif()
  if(NOT "${old}" STREQUAL "${_wic_content}")
    file(WRITE "${_wic_out}" "${_wic_content}")
  endif()
endfunction()
